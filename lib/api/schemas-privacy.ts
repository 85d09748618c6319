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
    z.object({ id: z.string(), botId: z.string(), name: z.string().nullable(), email: z.string(), text: z.string(), createdAt: isoDate, handledAt: isoDateOrNull }),
  ),
  ratings: z.array(z.object({ conversationId: z.string(), rating: z.number().int(), comment: z.string().nullable() })),
  events: z.array(z.object({ at: isoDate, conversationId: z.string(), event: z.string() })),
});

export const visitorErasedSchema = z.object({
  visitorId: z.string(),
  erased: z.literal(true),
  conversations: z.number().int().describe("Conversations deleted with their messages"),
  messages: z.number().int(),
  leftMessages: z.number().int(),
});
