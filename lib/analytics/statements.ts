// The SQL of every analytics figure, one statement each over the stored rows, apart from the code that runs them and
// shapes the answer (queries.ts, usage.ts) so that tests/analytics-plans.test.ts can check each statement's plan.
// Each starts from the tenant id and the time range, which the covering indexes of migrations
// 20261203150000_analytics and 20261204104000_analytics_covering lead with; see docs/analytics.md "How fast".
import { Prisma } from "../db/generated/client";
import { botFilter, type Scope } from "./sql";

/** Conversations started per UTC day. */
const perDaySql = (s: Scope) => Prisma.sql`
    SELECT to_char(date_trunc('day', c.created_at), 'YYYY-MM-DD') AS day, count(*) AS n
    FROM conversations c
    WHERE c.tenant_id = ${s.tenantId} AND c.created_at >= ${s.from}::timestamp AND c.created_at < ${s.to}::timestamp ${botFilter(s, "c.bot_id")}
    GROUP BY 1 ORDER BY 1`;

/** Conversations started in range by handoff reason and closed or not. */
const outcomesSql = (s: Scope) => Prisma.sql`
    SELECT c.handoff_reason AS reason, (c.status = 'closed') AS closed, count(*) AS n
    FROM conversations c
    WHERE c.tenant_id = ${s.tenantId} AND c.created_at >= ${s.from}::timestamp AND c.created_at < ${s.to}::timestamp ${botFilter(s, "c.bot_id")}
    GROUP BY 1, 2`;

/**
 * First human response: the first agent answer in range per conversation, from the covering agent index alone,
 * minus the latest visitor message before it: one backward step on (conversation_id, seq), joined LATERAL so it is
 * looked up once per conversation, not once per aggregate. The ids are sorted bytewise (COLLATE "C"): the same
 * groups, without the locale's slower comparison.
 */
const firstResponseSql = (s: Scope) => Prisma.sql`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY w.secs) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY w.secs) AS p90,
      count(w.secs) AS n
    FROM (
      SELECT DISTINCT ON (m.conversation_id COLLATE "C") m.conversation_id, m.seq, m.created_at
      FROM messages m
      WHERE m.tenant_id = ${s.tenantId} AND m.role = 'agent' AND NOT m.internal
        AND m.created_at >= ${s.from}::timestamp AND m.created_at < ${s.to}::timestamp ${botFilter(s, "m.bot_id")}
      ORDER BY m.conversation_id COLLATE "C", m.seq
    ) f
    LEFT JOIN LATERAL (
      SELECT extract(epoch FROM f.created_at - v.created_at) AS secs FROM messages v
      WHERE v.conversation_id = f.conversation_id AND v.tenant_id = ${s.tenantId} AND v.role = 'visitor' AND v.seq < f.seq
      ORDER BY v.seq DESC LIMIT 1
    ) w ON true`;

/** Resolution time of conversations a person took, closed in range. */
const resolutionSql = (s: Scope) => Prisma.sql`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY secs) AS p90,
      count(*) AS n
    FROM (SELECT extract(epoch FROM c.closed_at - c.created_at) AS secs FROM conversations c
      WHERE c.tenant_id = ${s.tenantId} AND c.closed_at >= ${s.from}::timestamp AND c.closed_at < ${s.to}::timestamp
        AND c.handoff_reason IS NOT NULL ${botFilter(s, "c.bot_id")}) t`;

/** Ratings of conversations finished (closed, else last updated) in range, by bot alone or a person. */
const csatSql = (s: Scope) => Prisma.sql`
    SELECT CASE WHEN c.handoff_reason IS NULL THEN 'bot' ELSE 'human' END AS by,
      avg(c.rating)::float8 AS avg, count(*) AS n, count(*) FILTER (WHERE c.rating >= 4) AS good
    FROM conversations c
    WHERE c.tenant_id = ${s.tenantId} AND c.rating IS NOT NULL
      AND COALESCE(c.closed_at, c.updated_at) >= ${s.from}::timestamp AND COALESCE(c.closed_at, c.updated_at) < ${s.to}::timestamp ${botFilter(s, "c.bot_id")}
    GROUP BY 1`;

/**
 * Visible messages, bot answers and tokens per bot: one index-only pass over the covering (tenant_id, created_at)
 * index, which holds each message's bot (migration 20261204109000_message_bot), then the few bots' names. Joining
 * every message (or every conversation) to its bot cost 290 ms of CPU on 1M messages.
 */
const perBotSql = (s: Scope) => Prisma.sql`
    SELECT per.bot_id AS "botId", b.name, per.messages, per.answers, per.tokens
    FROM (
      SELECT m.bot_id, count(*)::bigint AS messages, count(*) FILTER (WHERE m.role = 'bot')::bigint AS answers,
        (sum(m.tokens) FILTER (WHERE m.role = 'bot'))::bigint AS tokens
      FROM messages m
      WHERE m.tenant_id = ${s.tenantId} AND m.created_at >= ${s.from}::timestamp AND m.created_at < ${s.to}::timestamp AND NOT m.internal ${botFilter(s, "m.bot_id")}
      GROUP BY 1
    ) per
    JOIN bots b ON b.id = per.bot_id AND b.tenant_id = ${s.tenantId}
    ORDER BY per.messages DESC`;

/** Bot answers and tokens per model. */
const perModelSql = (s: Scope) => Prisma.sql`
    SELECT m.model, count(*) AS answers, sum(m.tokens) AS tokens
    FROM messages m
    WHERE m.tenant_id = ${s.tenantId} AND m.role = 'bot' AND m.created_at >= ${s.from}::timestamp AND m.created_at < ${s.to}::timestamp ${botFilter(s, "m.bot_id")}
    GROUP BY 1 ORDER BY answers DESC`;

/** Knowledge gaps first asked per UTC day. */
const gapsSql = (s: Scope) => Prisma.sql`
    SELECT to_char(date_trunc('day', g.created_at), 'YYYY-MM-DD') AS day, count(*) AS gaps, sum(g.count) AS asked
    FROM knowledge_gaps g
    WHERE g.tenant_id = ${s.tenantId} AND g.created_at >= ${s.from}::timestamp AND g.created_at < ${s.to}::timestamp ${botFilter(s, "g.bot_id")}
    GROUP BY 1 ORDER BY 1`;

/**
 * Model answers per model and variant, summed per conversation first (from the covering bot-answer index)
 * so that each conversation row is read once per variant it saw.
 */
const variantsSql = (s: Scope) => Prisma.sql`
    WITH a AS (
      SELECT m.model, m.variant, m.conversation_id, count(*) AS answers, sum(m.first_token_ms) AS ttft_sum, count(m.first_token_ms) AS ttft_n,
        sum(m.tokens) FILTER (WHERE m.duration_ms > m.first_token_ms) AS gen_tokens,
        sum(m.duration_ms - m.first_token_ms) FILTER (WHERE m.duration_ms > m.first_token_ms) AS gen_ms
      FROM messages m
      WHERE m.tenant_id = ${s.tenantId} AND m.role = 'bot' AND m.answer_kind = 'model'
        AND m.created_at >= ${s.from}::timestamp AND m.created_at < ${s.to}::timestamp ${botFilter(s, "m.bot_id")}
      GROUP BY 1, 2, 3
    )
    SELECT a.model, a.variant, sum(a.answers)::bigint AS answers, (sum(a.ttft_sum) / NULLIF(sum(a.ttft_n), 0))::float8 AS ttft,
      (sum(a.gen_tokens) * 1000.0 / NULLIF(sum(a.gen_ms), 0))::float8 AS tps,
      count(*) AS convs, count(*) FILTER (WHERE c.handoff_reason IS NOT NULL) AS handed, count(c.rating) AS rated, avg(c.rating)::float8 AS rating
    FROM a JOIN conversations c ON c.id = a.conversation_id AND c.tenant_id = ${s.tenantId}
    GROUP BY a.model, a.variant
    ORDER BY a.model NULLS LAST, a.variant NULLS LAST`;

/** Every statement by name (what the plan test iterates). */
export const statements = {
  conversationsPerDay: perDaySql,
  outcomes: outcomesSql,
  firstResponse: firstResponseSql,
  resolution: resolutionSql,
  csat: csatSql,
  perBot: perBotSql,
  perModel: perModelSql,
  knowledgeGaps: gapsSql,
  variants: variantsSql,
};
