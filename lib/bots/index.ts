import { z } from "zod";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { KefuError } from "../errors";
import { newBotPublicKey } from "../auth/tokens";
import { modelFileNameSchema } from "../llm/settings";
import { ensureFirstVersion, recordVersion, type VersionNote } from "./versions";

// a model or LoRA file named by its file name inside models/ (never a path); empty means "the default"
const modelFileField = z
  .union([z.literal(""), modelFileNameSchema])
  .nullable()
  .optional()
  .transform((v) => v || null);

// "https://shop.example.com" — scheme, host and port only; the widget's page must match one of them exactly
const allowedOriginSchema = z
  .string()
  .trim()
  .transform((v, ctx) => {
    try {
      const url = new URL(v);
      if ((url.protocol === "https:" || url.protocol === "http:") && url.origin === v.replace(/\/$/, ""))
        return url.origin;
    } catch {
      // not a URL: reported as the issue below
    }
    ctx.addIssue({ code: "custom", message: `"${v}" is not an origin like https://shop.example.com` });
    return z.NEVER;
  });

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "times are HH:MM, 00:00–23:59");
// when agents are there; outside these hours a handoff becomes "leave a message"
export const businessHoursSchema = z
  .object({
    timezone: z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "unknown time zone"),
    days: z.array(z.number().int().min(0).max(6)).max(7), // 0 = Sunday
    from: timeOfDay,
    to: timeOfDay,
  })
  .refine((h) => h.from < h.to, "business hours must end after they start");
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export const BOT_NAME_MAX = 80;
export const botNameSchema = z
  .string({ error: "the name is missing" })
  .trim()
  .min(1, "the name is empty")
  .max(BOT_NAME_MAX, `the name is longer than ${BOT_NAME_MAX} characters`)
  .refine((v) => !v.includes("\u0000"), "the name contains a NUL character");

export const botInputSchema = z.object({
  name: botNameSchema,
  greeting: z.string().trim().max(500),
  instructions: z.string().trim().max(4000),
  temperature: z.coerce.number().min(0).max(2),
  maxTokens: z.coerce.number().int().min(16).max(2048),
  modelId: modelFileField,
  abModelId: modelFileField,
  abShare: z.coerce.number().int().min(0).max(100).default(0),
  lightModelId: modelFileField,
  loraFile: modelFileField,
  knowledgeBaseIds: z
    .array(z.string())
    .max(50)
    .transform((ids) => [...new Set(ids)]),
  // the fields below are optional: left out, they keep their stored value
  confidenceThreshold: z.coerce.number().min(0).max(1).optional(),
  fastPath: z.boolean().optional(),
  fastPathThreshold: z.coerce.number().min(0).max(1).optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "the colour must look like #2563eb")
    .optional(),
  position: z.enum(["right", "left"]).optional(),
  avatarUrl: z
    .union([
      z.literal(""),
      z
        .string()
        .trim()
        .max(500)
        .url("the avatar must be an https:// URL")
        .startsWith("https://", "the avatar must be an https:// URL"),
    ])
    .nullable()
    .optional()
    .transform((v) => (v === undefined ? undefined : v || null)),
  language: z.enum(["auto", "zh-CN", "en"]).optional(),
  allowedOrigins: z.array(allowedOriginSchema).max(50).optional(),
  preChatForm: z.boolean().optional(),
  handoffKeywords: z.array(z.string().trim().min(1).max(50)).max(100).optional(),
  handoffAfterFailures: z.coerce.number().int().min(0).max(20).optional(),
  businessHours: businessHoursSchema.nullable().optional(),
});
export type BotInput = z.input<typeof botInputSchema>;

const botSelect = {
  id: true,
  tenantId: true,
  name: true,
  publicKey: true,
  greeting: true,
  instructions: true,
  temperature: true,
  maxTokens: true,
  modelId: true,
  abModelId: true,
  abShare: true,
  lightModelId: true,
  loraFile: true,
  confidenceThreshold: true,
  fastPath: true,
  fastPathThreshold: true,
  color: true,
  position: true,
  avatarUrl: true,
  language: true,
  allowedOrigins: true,
  preChatForm: true,
  handoffKeywords: true,
  handoffAfterFailures: true,
  businessHours: true,
  updatedAt: true,
  knowledgeBases: { select: { knowledgeBaseId: true } },
} as const;

function shape<
  T extends {
    knowledgeBases: { knowledgeBaseId: string }[];
    businessHours: unknown;
    position: string;
    language: string;
  },
>(bot: T) {
  const { knowledgeBases, businessHours, ...rest } = bot;
  const hours = businessHoursSchema.safeParse(businessHours);
  return {
    ...rest,
    position: rest.position as "right" | "left",
    language: rest.language as "auto" | "zh-CN" | "en",
    businessHours: hours.success ? hours.data : null,
    knowledgeBaseIds: knowledgeBases.map((k) => k.knowledgeBaseId),
  };
}

export type Bot = ReturnType<typeof shape<Awaited<ReturnType<typeof loadBot>> & {}>>;
// a deleted bot is kept for its conversations but is found by nothing: its id is a 404, its widget key answers no widget
const loadBot = (where: { id: string; tenantId: string } | { publicKey: string }) =>
  db().bot.findFirst({ where: { ...where, deletedAt: null }, select: botSelect });

export async function listBots(tenantId: string) {
  const bots = await db().bot.findMany({
    where: { tenantId, deletedAt: null },
    select: botSelect,
    orderBy: { createdAt: "asc" },
  });
  return bots.map(shape);
}

export async function getBot(tenantId: string, id: string) {
  const bot = await loadBot({ id, tenantId });
  if (!bot) throw new KefuError("not_found", "No such bot");
  return shape(bot);
}

/** A bot of the tenant, or null (an id of another tenant answers exactly like one that does not exist). */
export async function findBot(tenantId: string, id: string) {
  const bot = await loadBot({ id, tenantId });
  return bot ? shape(bot) : null;
}

/** The bot a widget key belongs to; the tenant comes from the bot, never from the visitor. */
export async function getBotByPublicKey(publicKey: string) {
  const bot = await loadBot({ publicKey });
  return bot ? shape(bot) : undefined;
}

// a cleared Json column is SQL NULL (Prisma wants DbNull for that, not null)
function toRow({ knowledgeBaseIds, businessHours, ...fields }: z.output<typeof botInputSchema>) {
  return {
    knowledgeBaseIds,
    fields: { ...fields, ...(businessHours !== undefined && { businessHours: businessHours ?? Prisma.DbNull }) },
  };
}

async function checkKnowledgeBases(tenantId: string, ids: string[]) {
  const found = await db().knowledgeBase.count({ where: { tenantId, id: { in: ids } } });
  // an id of another tenant answers exactly like one that does not exist
  if (found !== new Set(ids).size) throw new KefuError("not_found", "No such knowledge base");
}

/** Names are unique among a tenant's bots (ignoring case), so the Bots page and the inbox can tell them apart. */
async function checkName(tenantId: string, name: string, exceptId?: string) {
  const taken = await db().bot.findFirst({
    where: {
      tenantId,
      deletedAt: null,
      name: { equals: name, mode: "insensitive" },
      ...(exceptId && { id: { not: exceptId } }),
    },
    select: { id: true },
  });
  if (taken) throw new KefuError("conflict", `A bot named "${name}" already exists`);
}

export async function createBot(
  tenantId: string,
  input: BotInput,
  history: VersionNote = { author: "system", action: "created" },
) {
  const data = botInputSchema.parse(input);
  await checkName(tenantId, data.name);
  await checkKnowledgeBases(tenantId, data.knowledgeBaseIds);
  const { knowledgeBaseIds, fields } = toRow(data);
  const bot = await db().bot.create({
    data: {
      ...fields,
      tenantId,
      publicKey: newBotPublicKey(),
      knowledgeBases: { create: knowledgeBaseIds.map((knowledgeBaseId) => ({ knowledgeBaseId })) },
    },
    select: botSelect,
  });
  const shaped = shape(bot);
  await recordVersion(tenantId, shaped, history);
  return shaped;
}

export async function updateBot(
  tenantId: string,
  id: string,
  input: BotInput,
  history: VersionNote = { author: "system", action: "updated" },
) {
  const data = botInputSchema.parse(input);
  const before = await getBot(tenantId, id);
  await checkName(tenantId, data.name, id);
  await checkKnowledgeBases(tenantId, data.knowledgeBaseIds);
  // bots made before versions existed get their state before this change as version 1
  await ensureFirstVersion(tenantId, before);
  const { knowledgeBaseIds, fields } = toRow(data);
  await db().$transaction([
    db().botKnowledgeBase.deleteMany({ where: { botId: id } }),
    db().bot.update({
      where: { id },
      data: { ...fields, knowledgeBases: { create: knowledgeBaseIds.map((knowledgeBaseId) => ({ knowledgeBaseId })) } },
    }),
  ]);
  const after = await getBot(tenantId, id);
  await recordVersion(tenantId, after, history);
  return after;
}
