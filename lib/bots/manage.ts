import { z } from "zod";
import { db } from "../db/client";
import { botInputSchema, botNameSchema, createBot, getBot, updateBot, BOT_NAME_MAX } from ".";
import { behaviourOf, type Behaviour } from "./behaviour";
import { getVersion } from "./versions";

/** A new bot needs only a name; everything else starts from sensible settings. */
export const newBotSchema = botInputSchema.partial().extend({
  name: botNameSchema,
  knowledgeBaseIds: botInputSchema.shape.knowledgeBaseIds
    .optional()
    .describe("Default: all of the tenant's knowledge bases"),
});
export type NewBotInput = z.input<typeof newBotSchema>;

/** A change of some fields (a rename is `{ name }`); the others keep their value. */
export const botPatchSchema = botInputSchema.partial();
export type BotPatch = z.input<typeof botPatchSchema>;

export const duplicateBotSchema = z.object({ name: botNameSchema.optional() });

const DEFAULTS = {
  greeting: "Hi! How can I help you? 您好，请问有什么可以帮您？",
  instructions:
    "You are a friendly customer-service assistant. Answer briefly, only from the knowledge provided. Reply in the customer's language.",
  temperature: 0.3,
  maxTokens: 256,
  modelId: null,
};

/** Creates a bot; without knowledge bases named it answers from all of the tenant's, so its widget works at once. */
export async function newBot(tenantId: string, input: NewBotInput, author: string) {
  const data = newBotSchema.parse(input);
  const knowledgeBaseIds =
    data.knowledgeBaseIds ??
    (
      await db().knowledgeBase.findMany({ where: { tenantId }, select: { id: true }, orderBy: { createdAt: "asc" } })
    ).map((k) => k.id);
  return createBot(tenantId, { ...DEFAULTS, ...data, knowledgeBaseIds }, { author, action: "created" });
}

export async function patchBot(tenantId: string, id: string, patch: BotPatch, author: string) {
  const data = botPatchSchema.parse(patch);
  const current = behaviourOf(await getBot(tenantId, id));
  return updateBot(tenantId, id, { ...current, ...definedOnly(data) }, { author, action: "updated" });
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** "Support (copy)", then "Support (copy 2)", … — the first name no live bot of the tenant has. */
async function copyName(tenantId: string, name: string) {
  const taken = new Set(
    (await db().bot.findMany({ where: { tenantId, deletedAt: null }, select: { name: true } })).map((b) =>
      b.name.toLowerCase(),
    ),
  );
  for (let i = 1; ; i++) {
    const suffix = i === 1 ? " (copy)" : ` (copy ${i})`;
    const candidate = name.slice(0, BOT_NAME_MAX - suffix.length) + suffix;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** A new bot with the same behaviour and knowledge, its own widget key and its own history. */
export async function duplicateBot(
  tenantId: string,
  id: string,
  input: z.input<typeof duplicateBotSchema>,
  author: string,
) {
  const { name } = duplicateBotSchema.parse(input);
  const source = behaviourOf(await getBot(tenantId, id));
  return createBot(
    tenantId,
    { ...source, name: name ?? (await copyName(tenantId, source.name)) },
    { author, action: "duplicated" },
  );
}

/** Puts a version's behaviour back as a new version; knowledge bases deleted since then are left out. */
export async function rollbackBot(tenantId: string, botId: string, versionId: string, author: string) {
  await getBot(tenantId, botId);
  const version = await getVersion(tenantId, botId, versionId);
  const config: Behaviour = version.config;
  const existing = new Set(
    (
      await db().knowledgeBase.findMany({
        where: { tenantId, id: { in: config.knowledgeBaseIds ?? [] } },
        select: { id: true },
      })
    ).map((k) => k.id),
  );
  const input = { ...config, knowledgeBaseIds: (config.knowledgeBaseIds ?? []).filter((k) => existing.has(k)) };
  return updateBot(tenantId, botId, input, { author, action: "rolled_back", sourceNumber: version.number });
}
