import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { newBotPublicKey } from "../auth/tokens";
import { modelFileNameSchema } from "../llm/settings";

// a model or LoRA file named by its file name inside models/ (never a path); empty means "the default"
const modelFileField = z
  .union([z.literal(""), modelFileNameSchema])
  .nullable()
  .optional()
  .transform((v) => v || null);

export const botInputSchema = z.object({
  name: z.string().trim().min(1, "the name is empty").max(80),
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
  updatedAt: true,
  knowledgeBases: { select: { knowledgeBaseId: true } },
} as const;

function shape<T extends { knowledgeBases: { knowledgeBaseId: string }[] }>(bot: T) {
  const { knowledgeBases, ...rest } = bot;
  return { ...rest, knowledgeBaseIds: knowledgeBases.map((k) => k.knowledgeBaseId) };
}

export type Bot = ReturnType<typeof shape<Awaited<ReturnType<typeof loadBot>> & {}>>;
const loadBot = (where: { id: string; tenantId: string } | { publicKey: string }) =>
  db().bot.findFirst({ where, select: botSelect });

export async function listBots(tenantId: string) {
  const bots = await db().bot.findMany({ where: { tenantId }, select: botSelect, orderBy: { createdAt: "asc" } });
  return bots.map(shape);
}

export async function getBot(tenantId: string, id: string) {
  const bot = await loadBot({ id, tenantId });
  if (!bot) throw new KefuError("not_found", "No such bot");
  return shape(bot);
}

/** The bot a widget key belongs to; the tenant comes from the bot, never from the visitor. */
export async function getBotByPublicKey(publicKey: string) {
  const bot = await loadBot({ publicKey });
  return bot ? shape(bot) : undefined;
}

async function checkKnowledgeBases(tenantId: string, ids: string[]) {
  const found = await db().knowledgeBase.count({ where: { tenantId, id: { in: ids } } });
  // an id of another tenant answers exactly like one that does not exist
  if (found !== new Set(ids).size) throw new KefuError("not_found", "No such knowledge base");
}

export async function createBot(tenantId: string, input: BotInput) {
  const data = botInputSchema.parse(input);
  await checkKnowledgeBases(tenantId, data.knowledgeBaseIds);
  const { knowledgeBaseIds, ...fields } = data;
  const bot = await db().bot.create({
    data: {
      ...fields,
      tenantId,
      publicKey: newBotPublicKey(),
      knowledgeBases: { create: knowledgeBaseIds.map((knowledgeBaseId) => ({ knowledgeBaseId })) },
    },
    select: botSelect,
  });
  return shape(bot);
}

export async function updateBot(tenantId: string, id: string, input: BotInput) {
  const data = botInputSchema.parse(input);
  await getBot(tenantId, id);
  await checkKnowledgeBases(tenantId, data.knowledgeBaseIds);
  const { knowledgeBaseIds, ...fields } = data;
  await db().$transaction([
    db().botKnowledgeBase.deleteMany({ where: { botId: id } }),
    db().bot.update({
      where: { id },
      data: { ...fields, knowledgeBases: { create: knowledgeBaseIds.map((knowledgeBaseId) => ({ knowledgeBaseId })) } },
    }),
  ]);
  return getBot(tenantId, id);
}
