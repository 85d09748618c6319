import crypto from "node:crypto";
import { z } from "zod";
import { blindIndex, seal } from "../crypto/envelope";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { createEntry, entryInputSchema } from ".";

/** Questions that only differ in case, width, punctuation or spacing are one gap. */
export function questionKey(question: string): string {
  return question
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .slice(0, 500);
}

/**
 * A question the bot could not answer: a new gap, or one more ask of an open one (its best score kept). A gap that
 * was answered by an entry reopens (the entry did not help); a dismissed one only counts.
 */
export async function recordGap(
  tenantId: string,
  input: { botId: string; question: string; bestScore: number; conversationId?: string },
) {
  const plainKey = questionKey(input.question);
  if (!plainKey) return;
  // with encryption at rest the visitor's question is sealed and grouped by a keyed digest (docs/encryption.md)
  const key = blindIndex(plainKey);
  const score = Math.max(0, Math.min(1, input.bestScore));
  // one statement, so two visitors asking at once count twice on one row rather than racing to create two
  await db().$executeRaw`
    INSERT INTO "knowledge_gaps" ("id", "tenant_id", "bot_id", "conversation_id", "question", "question_key", "best_score")
    VALUES (${crypto.randomUUID()}, ${tenantId}, ${input.botId}, ${input.conversationId ?? null}, ${seal(input.question.slice(0, 1000))}, ${key}, ${score})
    ON CONFLICT ("tenant_id", "bot_id", "question_key") DO UPDATE SET
      "count" = CASE WHEN "knowledge_gaps"."entry_id" IS NOT NULL THEN 1 ELSE "knowledge_gaps"."count" + 1 END,
      "best_score" = CASE WHEN "knowledge_gaps"."entry_id" IS NOT NULL THEN EXCLUDED."best_score"
                          ELSE GREATEST("knowledge_gaps"."best_score", EXCLUDED."best_score") END,
      "last_asked_at" = CURRENT_TIMESTAMP,
      "conversation_id" = EXCLUDED."conversation_id",
      "resolved_at" = CASE WHEN "knowledge_gaps"."entry_id" IS NOT NULL THEN NULL ELSE "knowledge_gaps"."resolved_at" END,
      "entry_id" = NULL`;
}

const gapSelect = {
  id: true,
  botId: true,
  question: true,
  count: true,
  bestScore: true,
  createdAt: true,
  lastAskedAt: true,
  resolvedAt: true,
  entryId: true,
  bot: { select: { name: true } },
} as const;

export async function listOpenGaps(tenantId: string, opts: { botId?: string; take?: number; skip?: number } = {}) {
  const rows = await db().knowledgeGap.findMany({
    where: { tenantId, resolvedAt: null, ...(opts.botId ? { botId: opts.botId } : {}) },
    select: gapSelect,
    // the id breaks ties so pages never overlap
    orderBy: [{ lastAskedAt: "desc" }, { id: "asc" }],
    take: Math.min(opts.take ?? 200, 1000),
    skip: opts.skip ?? 0,
  });
  return rows.map(({ bot, ...g }) => ({ ...g, botName: bot.name }));
}

/** One page of the open gaps, most recently asked first, with their total; a page past the end is the last one. */
export async function listOpenGapsPage(
  tenantId: string,
  opts: { botId?: string; page?: number; pageSize?: number } = {},
) {
  const pageSize = Math.min(Math.max(1, Math.floor(opts.pageSize ?? 50) || 50), 200);
  const total = await db().knowledgeGap.count({
    where: { tenantId, resolvedAt: null, ...(opts.botId ? { botId: opts.botId } : {}) },
  });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1) || 1), pages);
  const gaps = await listOpenGaps(tenantId, { botId: opts.botId, take: pageSize, skip: (page - 1) * pageSize });
  return { gaps, total, page, pages, pageSize };
}

export async function getGap(tenantId: string, id: string) {
  const gap = await db().knowledgeGap.findFirst({ where: { id, tenantId }, select: gapSelect });
  if (!gap) throw new KefuError("not_found", "No such knowledge gap");
  const { bot, ...g } = gap;
  return { ...g, botName: bot.name };
}

export async function dismissGap(tenantId: string, id: string) {
  const { count } = await db().knowledgeGap.updateMany({
    where: { id, tenantId, resolvedAt: null },
    data: { resolvedAt: new Date() },
  });
  if (!count) throw new KefuError("not_found", "No such open knowledge gap");
}

export const gapEntryInputSchema = entryInputSchema.pick({
  knowledgeBaseId: true,
  title: true,
  content: true,
  tags: true,
});

/** Answers a gap: a new entry (in the tenant's knowledge base) and the gap resolved with it. */
export async function answerGap(tenantId: string, id: string, input: z.input<typeof gapEntryInputSchema>) {
  const gap = await getGap(tenantId, id);
  if (gap.resolvedAt) throw new KefuError("not_found", "No such open knowledge gap");
  const entry = await createEntry(tenantId, { ...gapEntryInputSchema.parse(input), enabled: true });
  await db().knowledgeGap.updateMany({ where: { id, tenantId }, data: { resolvedAt: new Date(), entryId: entry.id } });
  return entry;
}
