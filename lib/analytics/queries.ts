// Every figure is one SQL statement over the stored conversations, messages and knowledge gaps (no copy of the
// truth to drift). Each statement starts from the tenant id and the time range, which the covering indexes of
// migrations 20261203150000_analytics and 20261204104000_analytics_covering lead with, so it reads index pages only
// (docs/analytics.md "How fast"); the optional bot filter is a condition on the conversation's bot.
import { db } from "../db/client";
import { botFilter, num, ofBot, type Scope } from "./sql";

/** Conversations started per UTC day. */
export async function conversationsPerDay(s: Scope) {
  const rows = await db().$queryRaw<{ day: string; n: bigint }[]>`
    SELECT to_char(date_trunc('day', c.created_at), 'YYYY-MM-DD') AS day, count(*) AS n
    FROM conversations c
    WHERE c.tenant_id = ${s.tenantId} AND c.created_at >= ${s.from}::timestamp AND c.created_at < ${s.to}::timestamp ${botFilter(s, "c.bot_id")}
    GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => ({ day: r.day, conversations: Number(r.n) }));
}

/** Bot resolution (closed, never handed to a person) and handoffs with their reasons, over conversations started in range. */
export async function outcomes(s: Scope) {
  const rows = await db().$queryRaw<{ reason: string | null; closed: boolean; n: bigint }[]>`
    SELECT c.handoff_reason AS reason, (c.status = 'closed') AS closed, count(*) AS n
    FROM conversations c
    WHERE c.tenant_id = ${s.tenantId} AND c.created_at >= ${s.from}::timestamp AND c.created_at < ${s.to}::timestamp ${botFilter(s, "c.bot_id")}
    GROUP BY 1, 2`;
  let total = 0;
  let botResolved = 0;
  const reasons = new Map<string, number>();
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    if (r.reason == null && r.closed) botResolved += n;
    if (r.reason != null) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + n);
  }
  const handedOff = [...reasons.values()].reduce((a, b) => a + b, 0);
  const rate = (n: number) => (total ? Math.round((n / total) * 10_000) / 10_000 : null);
  return {
    conversations: total,
    botResolved,
    botResolutionRate: rate(botResolved),
    handedOff,
    handoffRate: rate(handedOff),
    handoffReasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
  };
}

/**
 * Human speed, in seconds: first response = the first agent message minus the visitor message it answered (the
 * latest visitor message before it); resolution = closed_at minus created_at, for conversations a person took.
 */
export async function humanTimes(s: Scope) {
  // The first answers come from the covering agent index alone; the visitor message each answered is one backward
  // step on (conversation_id, seq), joined LATERAL so it is looked up once per conversation, not once per aggregate.
  // The ids are sorted bytewise (COLLATE "C"): the same groups, without the locale's slower comparison.
  type Pct = { p50: number | null; p90: number | null; n: bigint };
  const [[first], [res]] = await Promise.all([
    db().$queryRaw<Pct[]>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY w.secs) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY w.secs) AS p90,
      count(w.secs) AS n
    FROM (
      SELECT DISTINCT ON (m.conversation_id COLLATE "C") m.conversation_id, m.seq, m.created_at
      FROM messages m
      WHERE m.tenant_id = ${s.tenantId} AND m.role = 'agent' AND NOT m.internal
        AND m.created_at >= ${s.from}::timestamp AND m.created_at < ${s.to}::timestamp ${ofBot(s, "m.conversation_id")}
      ORDER BY m.conversation_id COLLATE "C", m.seq
    ) f
    LEFT JOIN LATERAL (
      SELECT extract(epoch FROM f.created_at - v.created_at) AS secs FROM messages v
      WHERE v.conversation_id = f.conversation_id AND v.tenant_id = ${s.tenantId} AND v.role = 'visitor' AND v.seq < f.seq
      ORDER BY v.seq DESC LIMIT 1
    ) w ON true`,
    db().$queryRaw<Pct[]>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY secs) AS p90,
      count(*) AS n
    FROM (SELECT extract(epoch FROM c.closed_at - c.created_at) AS secs FROM conversations c
      WHERE c.tenant_id = ${s.tenantId} AND c.closed_at >= ${s.from}::timestamp AND c.closed_at < ${s.to}::timestamp
        AND c.handoff_reason IS NOT NULL ${botFilter(s, "c.bot_id")}) t`,
  ]);
  return {
    firstResponseSeconds: { p50: num(first.p50), p90: num(first.p90), count: Number(first.n) },
    resolutionSeconds: { p50: num(res.p50), p90: num(res.p90), count: Number(res.n) },
  };
}

/** CSAT (1..5) of conversations closed in range, split by who finished them: the bot alone or a person. */
export async function csat(s: Scope) {
  const rows = await db().$queryRaw<{ by: string; avg: number | null; n: bigint; good: bigint }[]>`
    SELECT CASE WHEN c.handoff_reason IS NULL THEN 'bot' ELSE 'human' END AS by,
      avg(c.rating)::float8 AS avg, count(*) AS n, count(*) FILTER (WHERE c.rating >= 4) AS good
    FROM conversations c
    WHERE c.tenant_id = ${s.tenantId} AND c.rating IS NOT NULL
      AND COALESCE(c.closed_at, c.updated_at) >= ${s.from}::timestamp AND COALESCE(c.closed_at, c.updated_at) < ${s.to}::timestamp ${botFilter(s, "c.bot_id")}
    GROUP BY 1`;
  const of = (by: string) => {
    const r = rows.find((x) => x.by === by);
    const n = r ? Number(r.n) : 0;
    return { ratings: n, average: r ? num(r.avg) : null, satisfied: n ? Math.round((Number(r?.good) / n) * 10_000) / 10_000 : null };
  };
  return { bot: of("bot"), human: of("human") };
}
