// Every figure is one SQL statement over the stored conversations, messages and knowledge gaps (no copy of the
// truth to drift); the statements are in statements.ts, this runs them and shapes the answer.
import { db } from "../db/client";
import { num, type Scope } from "./sql";
import { statements } from "./statements";

/** Conversations started per UTC day. */
export async function conversationsPerDay(s: Scope) {
  const rows = await db().$queryRaw<{ day: string; n: bigint }[]>(statements.conversationsPerDay(s));
  return rows.map((r) => ({ day: r.day, conversations: Number(r.n) }));
}

/** Bot resolution (closed, never handed to a person) and handoffs with their reasons, over conversations started in range. */
export async function outcomes(s: Scope) {
  const rows = await db().$queryRaw<{ reason: string | null; closed: boolean; n: bigint }[]>(statements.outcomes(s));
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
  type Pct = { p50: number | null; p90: number | null; n: bigint };
  const [[first], [res]] = await Promise.all([
    db().$queryRaw<Pct[]>(statements.firstResponse(s)),
    db().$queryRaw<Pct[]>(statements.resolution(s)),
  ]);
  return {
    firstResponseSeconds: { p50: num(first.p50), p90: num(first.p90), count: Number(first.n) },
    resolutionSeconds: { p50: num(res.p50), p90: num(res.p90), count: Number(res.n) },
  };
}

/** CSAT (1..5) of conversations closed in range, split by who finished them: the bot alone or a person. */
export async function csat(s: Scope) {
  const rows = await db().$queryRaw<{ by: string; avg: number | null; n: bigint; good: bigint }[]>(statements.csat(s));
  const of = (by: string) => {
    const r = rows.find((x) => x.by === by);
    const n = r ? Number(r.n) : 0;
    return {
      ratings: n,
      average: r ? num(r.avg) : null,
      satisfied: n ? Math.round((Number(r?.good) / n) * 10_000) / 10_000 : null,
    };
  };
  return { bot: of("bot"), human: of("human") };
}
