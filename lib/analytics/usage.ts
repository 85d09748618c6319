// Messages, tokens, knowledge gaps and the A/B comparison: one SQL statement each over the stored rows (statements.ts).
import { db } from "../db/client";
import { num, type Scope } from "./sql";
import { statements } from "./statements";

/** Messages (visible ones, every role) and bot tokens per bot, and bot answers and tokens per model. */
export async function usage(s: Scope) {
  const [perBot, perModel] = await Promise.all([
    db().$queryRaw<{ botId: string; name: string; messages: bigint; answers: bigint; tokens: bigint | null }[]>(
      statements.perBot(s),
    ),
    db().$queryRaw<{ model: string | null; answers: bigint; tokens: bigint | null }[]>(statements.perModel(s)),
  ]);
  return {
    perBot: perBot.map((r) => ({
      botId: r.botId,
      name: r.name,
      messages: Number(r.messages),
      answers: Number(r.answers),
      tokens: Number(r.tokens ?? 0),
    })),
    perModel: perModel.map((r) => ({
      model: r.model ?? "none",
      answers: Number(r.answers),
      tokens: Number(r.tokens ?? 0),
    })),
  };
}

/** Knowledge gaps (questions the bot could not answer from the knowledge) first asked per UTC day. */
export async function gapsPerDay(s: Scope) {
  const rows = await db().$queryRaw<{ day: string; gaps: bigint; asked: bigint }[]>(statements.knowledgeGaps(s));
  return rows.map((r) => ({ day: r.day, gaps: Number(r.gaps), asked: Number(r.asked) }));
}

/**
 * Each model variant side by side: bot answers it gave, the share of the conversations it answered in that were then
 * handed to a person, their ratings, the mean first token and the generation speed (tokens after the first token
 * over the time after it, as stored on each message).
 */
export async function variants(s: Scope) {
  const rows = await db().$queryRaw<
    {
      model: string | null;
      variant: string | null;
      answers: bigint;
      convs: bigint;
      handed: bigint;
      rated: bigint;
      rating: number | null;
      ttft: number | null;
      tps: number | null;
    }[]
  >(statements.variants(s));
  return rows.map((r) => ({
    model: r.model ?? "none",
    variant: r.variant,
    answers: Number(r.answers),
    conversations: Number(r.convs),
    handoffRate: Number(r.convs) ? Math.round((Number(r.handed) / Number(r.convs)) * 10_000) / 10_000 : null,
    ratings: Number(r.rated),
    averageRating: num(r.rating),
    firstTokenMs: num(r.ttft),
    tokensPerSecond: num(r.tps),
  }));
}
