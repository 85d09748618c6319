import { z } from "zod";

// The public shapes of a visitor's personal data export and erasure in REST /api/v1 (docs/privacy.md).
const isoDate = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.iso.datetime());
const isoDateOrNull = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.iso.datetime().nullable());

const exportMessageSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  role: z.string(),
  text: z.string(),
  internal: z.boolean().describe("An agents' note, never shown to the visitor"),
  createdAt: isoDate,
});

export const visitorExportSchema = z.object({
  exportedAt: isoDate,
  profile: z.object({
    id: z.string(),
    externalId: z.string().nullable().describe("The customer's own user id for an identified visitor"),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    language: z.string().nullable().describe("The widget's language"),
    lastPage: z.string().nullable(),
    userAgent: z.string().nullable(),
    lastSeenAt: isoDateOrNull,
    createdAt: isoDate,
  }),
  conversations: z.array(
    z.object({
      id: z.string(),
      botId: z.string(),
      status: z.string(),
      createdAt: isoDate,
      closedAt: isoDateOrNull,
      handoffReason: z.string().nullable(),
      labels: z.array(z.string()),
      messages: z.array(exportMessageSchema),
    }),
  ),
  leftMessages: z.array(
    z.object({
      id: z.string(),
      botId: z.string(),
      conversationId: z.string().nullable(),
      name: z.string().nullable(),
      email: z.string(),
      phone: z.string().nullable(),
      page: z.string().nullable(),
      text: z.string(),
      createdAt: isoDate,
      handledAt: isoDateOrNull,
    }),
  ),
  emailReplies: z
    .array(
      z.object({
        id: z.string(),
        conversationId: z.string(),
        toEmail: z.string(),
        text: z.string(),
        createdAt: isoDate,
        sentAt: isoDateOrNull,
      }),
    )
    .describe("The agents' email answers to the visitor's left messages"),
  customerEvents: z
    .array(
      z.object({
        id: z.string(),
        type: z.string(),
        title: z.string(),
        data: z.unknown(),
        occurredAt: isoDate,
        createdAt: isoDate,
      }),
    )
    .describe("Events your systems sent about this customer (POST /api/v1/events)"),
  ratings: z.array(z.object({ conversationId: z.string(), rating: z.number().int(), comment: z.string().nullable() })),
  events: z.array(z.object({ at: isoDate, conversationId: z.string(), event: z.string() })),
});

export const visitorErasedSchema = z.object({
  visitorId: z.string(),
  erased: z.literal(true),
  conversations: z.number().int().describe("Conversations deleted with their messages"),
  messages: z.number().int(),
  leftMessages: z.number().int(),
  emailReplies: z.number().int().describe("The agents' email answers to their left messages"),
  customerEvents: z.number().int().describe("Events your systems had sent about them"),
});

export const retentionSettingSchema = z.object({
  retentionDays: z
    .number()
    .int()
    .min(0)
    .max(36_500)
    .describe("Days a closed conversation is kept, with its messages, before it is deleted; 0 keeps them for ever"),
});
