import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { botInputSchema, getBot, updateBot, type Bot } from ".";
import { behaviourOf, diffBehaviour, type Behaviour } from "./behaviour";

/** A draft is the live behaviour with some fields changed; it is checked like a save, but nothing goes live. */
export const draftInputSchema = botInputSchema.partial();
export const questionInputSchema = z.object({
  text: z
    .string({ error: "the question is missing" })
    .trim()
    .min(1, "the question is empty")
    .max(2000, "the question is longer than 2000 characters"),
});
const MAX_QUESTIONS = 50;

export async function saveDraft(tenantId: string, botId: string, patch: z.input<typeof draftInputSchema>) {
  const bot = await getBot(tenantId, botId);
  const data = draftInputSchema.parse(patch);
  const defined = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  // the whole behaviour through the bot's own schema: a draft that could not be published is refused now
  const config = botInputSchema.parse({ ...behaviourOf(bot), ...defined });
  if (config.knowledgeBaseIds.length) {
    const found = await db().knowledgeBase.count({ where: { tenantId, id: { in: config.knowledgeBaseIds } } });
    if (found !== config.knowledgeBaseIds.length) throw new KefuError("not_found", "No such knowledge base");
  }
  await db().botDraft.upsert({
    where: { botId },
    create: { botId, tenantId, config: config as object },
    update: { config: config as object },
  });
  return getDraft(tenantId, botId);
}

/** The bot's draft with what it changes against the live bot, or null. */
export async function getDraft(tenantId: string, botId: string) {
  const bot = await getBot(tenantId, botId);
  const row = await db().botDraft.findFirst({ where: { tenantId, botId }, select: { config: true, updatedAt: true } });
  if (!row) return null;
  const config = row.config as Behaviour;
  return { config, updatedAt: row.updatedAt, changes: diffBehaviour(behaviourOf(bot), config) };
}

/** The bot as it would answer with its draft (for the playground); the live bot when it has none. */
export async function draftBot(tenantId: string, botId: string): Promise<Bot> {
  const bot = await getBot(tenantId, botId);
  const draft = await getDraft(tenantId, botId);
  return draft ? { ...bot, ...draft.config } : bot;
}

export async function discardDraft(tenantId: string, botId: string) {
  await getBot(tenantId, botId);
  await db().botDraft.deleteMany({ where: { tenantId, botId } });
}

/** The draft goes live as a new version (`published`) and is gone. */
export async function publishDraft(tenantId: string, botId: string, author: string) {
  const draft = await getDraft(tenantId, botId);
  if (!draft) throw new KefuError("not_found", "This bot has no draft to publish");
  const bot = await updateBot(tenantId, botId, draft.config, { author, action: "published" });
  await db().botDraft.deleteMany({ where: { tenantId, botId } });
  return bot;
}

export async function listQuestions(tenantId: string, botId: string) {
  await getBot(tenantId, botId);
  return db().botQuestion.findMany({
    where: { tenantId, botId },
    orderBy: { createdAt: "asc" },
    select: { id: true, text: true, createdAt: true },
  });
}

export async function addQuestion(tenantId: string, botId: string, input: z.input<typeof questionInputSchema>) {
  const { text } = questionInputSchema.parse(input);
  await getBot(tenantId, botId);
  if ((await db().botQuestion.count({ where: { tenantId, botId } })) >= MAX_QUESTIONS) {
    throw new KefuError("bad_request", `A question set holds at most ${MAX_QUESTIONS} questions`);
  }
  return db().botQuestion.create({
    data: { tenantId, botId, text },
    select: { id: true, text: true, createdAt: true },
  });
}

export async function deleteQuestion(tenantId: string, botId: string, questionId: string) {
  const { count } = await db().botQuestion.deleteMany({ where: { id: questionId, tenantId, botId } });
  if (count === 0) throw new KefuError("not_found", "No such question");
}
