// Messages, tokens, knowledge gaps and the A/B comparison: one SQL statement each over the stored rows (see queries.ts).
import { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import type { AnalyticsRange } from "./range";

type Scope = { tenantId: string } & AnalyticsRange;

const botFilter = (s: Scope, col: string) => (s.botId ? Prisma.sql`AND ${Prisma.raw(col)} = ${s.botId}` : Prisma.empty);
const num = (v: unknown) => (v == null ? null : Math.round(Number(v) * 100) / 100);

/** Messages (visible ones, every role) and bot tokens per bot, and bot answers and tokens per model. */
export async function usage(s: Scope) {
  const perBot = await db().$queryRaw<{ botId: string; name: string; messages: bigint; answers: bigint; tokens: bigint | null }[]>`
    SELECT c.bot_id AS "botId", b.name, count(*) AS messages, count(*) FILTER (WHERE m.role = 'bot') AS answers,
      sum(m.tokens) FILTER (WHERE m.role = 'bot') AS tokens
    FROM messages m
    JOIN conversations c ON c.id = m.conversation_id AND c.tenant_id = ${s.tenantId}
    JOIN bots b ON b.id = c.bot_id AND b.tenant_id = ${s.tenantId}
    WHERE m.tenant_id = ${s.tenantId} AND m.created_at >= ${s.from}::timestamp AND m.created_at < ${s.to}::timestamp AND NOT m.internal ${botFilter(s, "c.bot_id")}
    GROUP BY 1, 2 ORDER BY messages DESC`;
  const perModel = await db().$queryRaw<{ model: string | null; answers: bigint; tokens: bigint | null }[]>`
    SELECT m.model, count(*) AS answers, sum(m.tokens) AS tokens
    FROM messages m JOIN conversations c ON c.id = m.conversation_id AND c.tenant_id = ${s.tenantId}
    WHERE m.tenant_id = ${s.tenantId} AND m.role = 'bot' AND m.created_at >= ${s.from}::timestamp AND m.created_at < ${s.to}::timestamp ${botFilter(s, "c.bot_id")}
    GROUP BY 1 ORDER BY answers DESC`;
  return {
    perBot: perBot.map((r) => ({ botId: r.botId, name: r.name, messages: Number(r.messages), answers: Number(r.answers), tokens: Number(r.tokens ?? 0) })),
    perModel: perModel.map((r) => ({ model: r.model ?? "none", answers: Number(r.answers), tokens: Number(r.tokens ?? 0) })),
  };
}

/** Knowledge gaps (questions the bot could not answer from the knowledge) first asked per UTC day. */
export async function gapsPerDay(s: Scope) {
  const rows = await db().$queryRaw<{ day: string; gaps: bigint; asked: bigint }[]>`
    SELECT to_char(date_trunc('day', g.created_at), 'YYYY-MM-DD') AS day, count(*) AS gaps, sum(g.count) AS asked
    FROM knowledge_gaps g
    WHERE g.tenant_id = ${s.tenantId} AND g.created_at >= ${s.from}::timestamp AND g.created_at < ${s.to}::timestamp ${botFilter(s, "g.bot_id")}
    GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => ({ day: r.day, gaps: Number(r.gaps), asked: Number(r.asked) }));
}

/**
 * Each model variant side by side: bot answers it gave, the share of the conversations it answered in that were then
 * handed to a person, their ratings, the mean first token and the generation speed (tokens after the first token
 * over the time after it, as stored on each message).
 */
export async function variants(s: Scope) {
  const rows = await db().$queryRaw<
    { model: string | null; variant: string | null; answers: bigint; convs: bigint; handed: bigint; rated: bigint; rating: number | null; ttft: number | null; tps: number | null }[]
  >`
    WITH a AS (
      SELECT m.model, m.variant, m.conversation_id, m.tokens, m.first_token_ms, m.duration_ms
      FROM messages m JOIN conversations c ON c.id = m.conversation_id AND c.tenant_id = ${s.tenantId}
      WHERE m.tenant_id = ${s.tenantId} AND m.role = 'bot' AND m.answer_kind = 'model'
        AND m.created_at >= ${s.from}::timestamp AND m.created_at < ${s.to}::timestamp ${botFilter(s, "c.bot_id")}
    ), per AS (
      SELECT model, variant, count(*) AS answers, avg(first_token_ms)::float8 AS ttft,
        (sum(tokens) FILTER (WHERE duration_ms > first_token_ms) * 1000.0
          / NULLIF(sum(duration_ms - first_token_ms) FILTER (WHERE duration_ms > first_token_ms), 0))::float8 AS tps
      FROM a GROUP BY 1, 2
    ), convs AS (
      SELECT DISTINCT a.model, a.variant, c.id, c.handoff_reason, c.rating
      FROM a JOIN conversations c ON c.id = a.conversation_id AND c.tenant_id = ${s.tenantId}
    )
    SELECT per.model, per.variant, per.answers, per.ttft, per.tps,
      count(convs.id) AS convs, count(convs.id) FILTER (WHERE convs.handoff_reason IS NOT NULL) AS handed,
      count(convs.rating) AS rated, avg(convs.rating)::float8 AS rating
    FROM per JOIN convs ON convs.model IS NOT DISTINCT FROM per.model AND convs.variant IS NOT DISTINCT FROM per.variant
    GROUP BY per.model, per.variant, per.answers, per.ttft, per.tps
    ORDER BY per.model NULLS LAST, per.variant NULLS LAST`;
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
