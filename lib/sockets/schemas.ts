import { z } from "zod";
import type { AgentRequestPayloads as Agent, VisitorRequestPayloads as Visitor } from "../../widget/socket-events";
import { clientIdSchema } from "../conversations";
import { visitorPhoneSchema } from "../visitors";

// a message's position in its conversation: a PostgreSQL integer, so 1e12 is bad input, not a database error
export const SEQ_MAX = 2_147_483_647;
export const seqSchema = z.number().int().min(0).max(SEQ_MAX);

/**
 * A request schema that accepts exactly the shared payload type `T` (widget/socket-payloads.ts): the same fields,
 * each of a type it takes. A field added, dropped or retyped on either side makes the call ask for a second
 * argument, so the compiler names the request whose schema and type drifted apart. No cost at run time.
 */
export const accepts =
  <T>() =>
  <S extends z.ZodType>(
    schema: S,
    ..._drift: Accepts<T, z.input<S>> extends true ? [] : ["the schema and the shared payload type differ"]
  ) =>
    schema;
type Accepts<T, I> = [keyof NonNullable<T>] extends [keyof NonNullable<I>]
  ? [keyof NonNullable<I>] extends [keyof NonNullable<T>]
    ? [T] extends [I]
      ? true
      : false
    : false
  : false;

export const visitorAuthSchema = z.object({
  key: z.string({ error: "key (the bot's public key) is required" }).min(1).max(100),
  token: z.string().max(2000).optional().nullable(),
  lastSeq: z.coerce.number().int().min(0).max(SEQ_MAX).optional().nullable(),
  // the customer page the widget runs on, as the loader reports it (checked against the bot's allowedOrigins)
  origin: z.string().max(300).optional().nullable(),
  page: z.string().max(2000).optional().nullable(),
  // the widget's language: system lines to this visitor are written in it
  lang: z.enum(["en", "zh-CN"], { error: 'lang must be "en" or "zh-CN"' }).optional().nullable(),
});

// text is validated by messageTextSchema inside lib/conversations so the error names the exact problem
export const visitorMessageSchema = accepts<Visitor["message"]>()(
  z.object({ clientId: clientIdSchema, text: z.unknown() }),
);
export const agentReplySchema = accepts<Agent["reply"]>()(
  z.object({ conversationId: z.string().min(1).max(100), clientId: clientIdSchema, text: z.unknown() }),
);
export const conversationRefSchema = accepts<Agent["takeover" | "close" | "release" | "claim" | "reopen"]>()(
  z.object({ conversationId: z.string().min(1).max(100) }),
);
export const openConversationSchema = accepts<Agent["conversation:open"]>()(
  conversationRefSchema.extend({ afterSeq: seqSchema.optional() }),
);

export type Ack = (
  res: { ok: true; [k: string]: unknown } | { ok: false; error: { code: string; message: string } },
) => void;

// widget requests (docs/realtime.md, /visitor)
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);
export const identifySchema = accepts<Visitor["identify"]>()(
  z.object({
    userId: z.string({ error: "userId is required" }).trim().min(1, "userId is empty").max(200),
    signature: z
      .string({ error: "signature is required" })
      .regex(/^[0-9a-fA-F]{64}$/, "signature must be the 64 hex characters of HMAC-SHA256(userId)"),
    name: optionalText(100),
    email: z
      .union([z.literal(""), z.string().trim().max(200).email("email does not look right")])
      .optional()
      .transform((v) => v || undefined),
  }),
);
export const typingSchema = accepts<Visitor["typing"]>()(z.object({ on: z.boolean() }));
export const prechatSchema = accepts<Visitor["prechat"]>()(
  z.object({
    name: optionalText(100),
    email: z.string({ error: "email is required" }).trim().max(200).email("the email address does not look right"),
  }),
);
export const rateSchema = accepts<Visitor["rate"]>()(
  z.object({
    conversationId: z.string().min(1).max(100),
    rating: z
      .number({ error: "rating must be a number from 1 to 5" })
      .int()
      .min(1, "rating must be from 1 to 5")
      .max(5, "rating must be from 1 to 5"),
    comment: optionalText(1000),
  }),
);
export const leaveMessageSchema = accepts<Visitor["leave_message"]>()(
  z.object({
    name: optionalText(100),
    email: z.string({ error: "email is required" }).trim().max(200).email("the email address does not look right"),
    phone: visitorPhoneSchema.optional().transform((v) => v || undefined),
    text: z
      .string({ error: "text is required" })
      .trim()
      .min(1, "The message is empty")
      .max(4000, "The message is longer than 4000 characters"),
  }),
);
export const pageSchema = accepts<Visitor["page"]>()(z.object({ url: z.string().max(2000) }));
export const readSchema = accepts<Visitor["read"]>()(z.object({ seq: seqSchema.min(1) }));
