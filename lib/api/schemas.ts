import { z } from "zod";
import { conversationStatusSchema } from "../conversations";
import { errorStatus } from "../errors";

// The public shapes of REST /api/v1. Handlers parse requests and responses through these, and the OpenAPI
// document is derived from them, so the two cannot drift apart.

/** Prisma gives Dates; the wire carries ISO 8601 strings. */
const isoDate = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.iso.datetime());

/** Query strings: an empty value (`?status=`) counts as absent. */
const optionalText = (max: number) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().max(max).optional());
const count = (min: number, max: number, fallback: number) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(min).max(max).default(fallback));

export const entriesQuerySchema = z.object({
  q: optionalText(200).describe("Case-insensitive text to find in the title or content"),
  knowledgeBaseId: optionalText(100).describe("Only entries of this knowledge base"),
  limit: count(1, 1000, 200).describe("At most this many entries (1–1000, default 200), most recently updated first"),
  offset: count(0, 1_000_000, 0).describe("Skip this many entries first (for the next page)"),
  tag: optionalText(40).describe("Only entries with this tag"),
  enabled: z
    .preprocess((v) => (v === "" ? undefined : v), z.enum(["true", "false"]).optional())
    .describe("Only enabled (true) or disabled (false) entries"),
  source: optionalText(2000).describe('Only entries from this source: "manual", "api", a file name or a URL'),
});

export const searchBodySchema = z.object({
  query: z.string({ error: "query must be a string" }).trim().min(1, "the query is empty").max(1000),
  k: z.number().int().min(1).max(20).default(3).describe("How many hits at most (1–20, default 3)"),
  knowledgeBaseIds: z
    .array(z.string().min(1).max(100))
    .max(50)
    .optional()
    .describe("Only these knowledge bases (default: all of the tenant's)"),
});

export const conversationsQuerySchema = z.object({
  status: z
    .preprocess((v) => (v === "" ? undefined : v), conversationStatusSchema.optional())
    .describe("Only conversations in this state"),
  leftMessage: z
    .preprocess(
      (v) => (v === "" ? undefined : v),
      z.enum(["true", "false"], { error: 'leftMessage must be "true" or "false"' }).optional(),
    )
    .describe(
      "true: only conversations where the visitor left a message (the widget's offline form); false: only the others",
    ),
  rating: z
    .preprocess(
      (v) => (v === "" ? undefined : v),
      z.enum(["rated", "low"], { error: 'rating must be "rated" or "low"' }).optional(),
    )
    .describe("rated: only rated conversations; low: rated 1 or 2 stars"),
  limit: count(1, 500, 100).describe("At most this many conversations (1–500, default 100), newest activity first"),
});

export const messagesQuerySchema = z.object({
  after: count(0, 2_147_483_647, 0).describe("Only messages with seq greater than this (default 0: from the start)"),
  limit: count(1, 500, 500).describe("At most this many messages (1–500, default 500), in seq order"),
});

export const idParamSchema = z.object({ id: z.string().min(1).max(100) });

export const botSchema = z.object({
  id: z.string(),
  name: z.string(),
  publicKey: z.string().describe("The widget key (public: it goes into the customer's web page)"),
  greeting: z.string(),
  instructions: z.string(),
  temperature: z.number(),
  maxTokens: z.number().int(),
  modelId: z.string().nullable().describe("The model the bot uses; null for the server's default"),
  knowledgeBaseIds: z.array(z.string()),
  updatedAt: isoDate,
});

export const entrySchema = z.object({
  id: z.string(),
  knowledgeBaseId: z.string(),
  title: z.string(),
  content: z.string(),
  tags: z.array(z.string()),
  enabled: z.boolean().describe("Only enabled entries are searched and cited"),
  source: z.string().describe('"manual", "api", or the file name or URL it was imported from'),
  kind: z.string().describe("faq (a question and its answer) or doc (a chunk of a document)"),
  updatedAt: isoDate,
});

export const knowledgeBaseSchema = z.object({
  id: z.string(),
  name: z.string(),
  entryCount: z.number().int().min(0),
  bots: z.array(z.object({ id: z.string(), name: z.string() })).describe("The bots that answer from it"),
  createdAt: isoDate,
});

export const importJobSchema = z.object({
  id: z.string(),
  knowledgeBaseId: z.string(),
  source: z
    .string()
    .describe("The file name, URL or the `source` given; entries from it are updated by the next import of it"),
  format: z.enum(["csv", "md", "txt", "json", "pdf", "docx", "url"]),
  status: z.enum(["running", "done", "failed"]),
  total: z.number().int().min(0).describe("Entries in the source (0 until a URL is fetched)"),
  done: z.number().int().min(0),
  created: z.number().int().min(0),
  updated: z
    .number()
    .int()
    .min(0)
    .describe("Existing entries whose content changed; done − created − updated were unchanged"),
  error: z.string().nullable().describe("Why a failed import failed, naming the line or field"),
  errorCode: z
    .string()
    .nullable()
    .describe(
      "A failed import's stable code (bad_request, too_long, forbidden, unavailable, import_failed, import_interrupted…)",
    ),
  createdAt: isoDate,
  finishedAt: isoDate.nullable(),
});

export const importQuerySchema = z.object({
  wait: z
    .preprocess((v) => (v === "" ? undefined : v), z.enum(["true", "false"]).optional())
    .describe("Answer when the import has finished (up to 30 s) instead of at once"),
});

export const bulkResultSchema = z.object({
  count: z.number().int().min(0).describe("How many of the tenant's entries were changed"),
});

export const hitSchema = z.object({
  id: z.string().describe("The knowledge entry's id"),
  title: z.string(),
  content: z.string(),
  score: z.number().min(0).max(1).describe("BM25 relevance normalised to 0..1"),
});

const citationSchema = z.object({
  id: z.string(),
  title: z.string(),
  score: z.number(),
  url: z.string().optional().describe("The web page the cited entry was imported from"),
  document: z.string().optional().describe("The name of the document the cited entry was imported from"),
});

export const messageSchema = z.object({
  id: z.string(),
  seq: z.number().int().min(1).describe("Position in the conversation: 1, 2, 3… without gaps"),
  conversationId: z.string(),
  role: z.string().describe("visitor | bot | agent | system"),
  text: z.string(),
  clientId: z.string().nullable().describe("The sender's idempotency key, when it sent one"),
  createdAt: isoDate,
  model: z.string().nullable().describe("The model that wrote a bot message"),
  citations: z.array(citationSchema).nullable().describe("The knowledge entries a bot answer was based on"),
});

export const conversationSchema = z.object({
  id: z.string(),
  botId: z.string(),
  botName: z.string(),
  visitorId: z.string(),
  status: conversationStatusSchema.describe(
    "bot: the bot answers; waiting: for an agent; agent: an agent answers; closed",
  ),
  assigneeId: z.string().nullable(),
  lastSeq: z.number().int().min(0),
  createdAt: isoDate,
  updatedAt: isoDate,
  closedAt: isoDate.nullable(),
  lastMessage: messageSchema.nullable(),
  closedReason: z
    .string()
    .nullable()
    .describe('"inactive" when it closed itself after the tenant\'s inactivity time; null otherwise'),
  leftMessage: z
    .object({
      text: z.string(),
      name: z.string().nullable(),
      email: z.string(),
      phone: z.string().nullable(),
      page: z.string().nullable().describe("The page the visitor was on"),
      at: isoDate,
    })
    .nullable()
    .describe("The message the visitor left with the widget's offline form, with their contact details"),
  csat: z
    .object({ score: z.number().int().min(1).max(5), comment: z.string().nullable(), at: isoDate })
    .nullable()
    .describe("The visitor's rating (1–5 stars) and comment after the conversation closed"),
});

export const emailReplySchema = z.object({
  id: z.string(),
  authorId: z.string(),
  toEmail: z.string(),
  text: z.string(),
  createdAt: isoDate,
  sentAt: isoDate.nullable().describe("null: recorded in Kefu and sent by the agent by hand"),
});

export const conversationDetailSchema = conversationSchema.extend({
  emailReplies: z.array(emailReplySchema).describe("Agents' email answers to the left message, oldest first"),
});

export const errorCodeSchema = z.enum(
  Object.keys(errorStatus) as [keyof typeof errorStatus, ...(keyof typeof errorStatus)[]],
);
export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string().describe("Meant for people; may change"),
    retryAfterMs: z.number().int().positive().optional().describe("With `rate_limited`: when to try again"),
  }),
});

const optionalDate = (what: string) =>
  z
    .preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .union([z.iso.datetime({ offset: true }), z.iso.date()], {
          error: `${what} must be an ISO 8601 date or date-time`,
        })
        .optional(),
    )
    .describe(`${what}: an ISO 8601 date or date-time`);

export const csatQueryApiSchema = z.object({
  from: optionalDate("Ratings given from (inclusive; default 30 days before `to`)"),
  to: optionalDate("Ratings given before (exclusive; default now)"),
  botId: optionalText(100).describe("Only conversations of this bot"),
});

const csatBucketSchema = z.object({
  count: z.number().int().min(0),
  average: z.number().nullable().describe("Mean score, 2 decimals; null without ratings"),
  low: z.number().int().min(0).describe("Ratings of 1 or 2 stars"),
  distribution: z.object({
    "1": z.number().int(),
    "2": z.number().int(),
    "3": z.number().int(),
    "4": z.number().int(),
    "5": z.number().int(),
  }),
});

export const csatSummarySchema = z.object({
  from: isoDate,
  to: isoDate,
  botId: z.string().nullable(),
  all: csatBucketSchema,
  bot: csatBucketSchema.describe("Conversations only the bot answered"),
  human: csatBucketSchema.describe("Conversations in which an agent wrote"),
});

export const inactivitySettingSchema = z.object({
  inactivityMinutes: z
    .number()
    .int()
    .min(0)
    .max(10_080)
    .describe("Minutes of visitor silence after which a conversation closes itself; 0: never"),
});
