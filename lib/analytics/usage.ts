// Messages, tokens, knowledge gaps and the A/B comparison: one SQL statement each over the stored rows (see queries.ts).
import { db } from "../db/client";
import { botFilter, num, ofBot, type Scope } from "./sql";

/** Messages (visible ones, every role) and bot tokens per bot, and bot answers and tokens per model. */
export async function usage(s: Scope) {
  // Messages are counted per conversation first (from the covering (tenant_id, created_at) index), then the ~10x
  // fewer conversations are joined to their bot: joining every message cost about 40% more CPU on 1M messages.
  // MATERIALIZED keeps PostgreSQL from building that count once per parallel worker.
  const [perBot, perModel] = await Promise.all([
    db().$queryRaw<{ botId: string; name: string; messages: bigint; answers: bigint; tokens: bigint | null }[]>`
    WITH per AS MATERIALIZED (
      SELECT m.conversation_id, count(*) AS messages, count(*) FILTER (WHERE m.role = 'bot') AS answers, sum(m.tokens) FILTER (WHERE m.role = 'bot') AS tokens
      FROM messages m
      WHERE m.tenant_id = ${s.tenantId} AND m.created_at >= ${s.from}::timestamp AND m.created_at < ${s.to}::timestamp AND NOT m.internal ${ofBot(s, "m.conversation_id")}
      GROUP BY 1
    )
    SELECT c.bot_id AS "botId", b.name, sum(per.messages)::bigint AS messages, sum(per.answers)::bigint AS answers, sum(per.tokens)::bigint AS tokens
    FROM per
    JOIN conversations c ON c.id = per.conversation_id AND c.tenant_id = ${s.tenantId}
    JOIN bots b ON b.id = c.bot_id AND b.tenant_id = ${s.tenantId}
    GROUP BY 1, 2 ORDER BY messages DESC`,
    db().$queryRaw<{ model: string | null; answers: bigint; tokens: bigint | null }[]>`
    SELECT m.model, count(*) AS answers, sum(m.tokens) AS tokens
    FROM messages m
    WHERE m.tenant_id = ${s.tenantId} AND m.role = 'bot' AND m.created_at >= ${s.from}::timestamp AND m.created_at < ${s.to}::timestamp ${ofBot(s, "m.conversation_id")}
    GROUP BY 1 ORDER BY answers DESC`,
  ]);
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
 * over the time after it, as stored on each message). The answers are summed per model, variant and conversation
 * first (from the covering bot-answer index), so each conversation row is read once per variant it saw.
 */
export async function variants(s: Scope) {
  const rows = await db().$queryRaw<
    { model: string | null; variant: string | null; answers: bigint; convs: bigint; handed: bigint; rated: bigint; rating: number | null; ttft: number | null; tps: number | null }[]
  >`
    WITH a AS (
      SELECT m.model, m.variant, m.conversation_id, count(*) AS answers, sum(m.first_token_ms) AS ttft_sum, count(m.first_token_ms) AS ttft_n,
        sum(m.tokens) FILTER (WHERE m.duration_ms > m.first_token_ms) AS gen_tokens,
        sum(m.duration_ms - m.first_token_ms) FILTER (WHERE m.duration_ms > m.first_token_ms) AS gen_ms
      FROM messages m
      WHERE m.tenant_id = ${s.tenantId} AND m.role = 'bot' AND m.answer_kind = 'model'
        AND m.created_at >= ${s.from}::timestamp AND m.created_at < ${s.to}::timestamp ${ofBot(s, "m.conversation_id")}
      GROUP BY 1, 2, 3
    )
    SELECT a.model, a.variant, sum(a.answers)::bigint AS answers, (sum(a.ttft_sum) / NULLIF(sum(a.ttft_n), 0))::float8 AS ttft,
      (sum(a.gen_tokens) * 1000.0 / NULLIF(sum(a.gen_ms), 0))::float8 AS tps,
      count(*) AS convs, count(*) FILTER (WHERE c.handoff_reason IS NOT NULL) AS handed, count(c.rating) AS rated, avg(c.rating)::float8 AS rating
    FROM a JOIN conversations c ON c.id = a.conversation_id AND c.tenant_id = ${s.tenantId}
    GROUP BY a.model, a.variant
    ORDER BY a.model NULLS LAST, a.variant NULLS LAST`;
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
