// Inbox search by message text without a cost on the send path: messages are copied into message_search (trigram
// GIN index) in bounded batches — in the background for tenants whose inbox is open, and before each search — and a
// search also reads the not-yet-copied tail straight from messages through (tenant_id, created_at). Exact results;
// the group commit writes nothing more (see prisma/migrations/20261125061500_inbox_search_side).
import { db } from "../db/client";
import { log } from "../log";

const BATCH = 20_000; // rows copied per step: bounded work for a search or a background tick
// A message is copied once its batch has surely committed: rows created within this of now are left to the tail
// scan, so a transaction that committed late (created_at is its start) is never skipped.
const SETTLE_SECONDS = 5;
const EVERY_MS = 30_000;

/** Copies up to BATCH of the tenant's messages past its cursor into message_search; answers the (new) cursor. */
export async function catchUpSearch(tenantId: string): Promise<Date | null> {
  return db().$transaction(async (tx) => {
    // one copier per tenant across servers; the others just read the cursor
    const [{ locked }] = await tx.$queryRaw<
      { locked: boolean }[]
    >`SELECT pg_try_advisory_xact_lock(hashtext(${`kefu-search:${tenantId}`})) AS locked`;
    const cur = await tx.$queryRaw<
      { until: Date }[]
    >`SELECT indexed_until AS until FROM message_search_cursors WHERE tenant_id = ${tenantId}`;
    const since = cur[0]?.until ?? null;
    if (!locked) return since;
    const [step] = await tx.$queryRaw<{ last: Date | null; n: number; settled: Date }[]>`
      WITH batch AS (
        SELECT id, conversation_id, text, created_at FROM messages
        WHERE tenant_id = ${tenantId}
          AND created_at >= COALESCE(${since}::timestamp, '-infinity'::timestamp)
          AND created_at <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${SETTLE_SECONDS})
        ORDER BY created_at LIMIT ${BATCH}
      ), copied AS (
        INSERT INTO message_search (message_id, tenant_id, conversation_id, text)
        SELECT id, ${tenantId}, conversation_id, text FROM batch
        ON CONFLICT (message_id) DO NOTHING
      )
      SELECT (SELECT max(created_at) FROM batch) AS last, (SELECT count(*)::int FROM batch) AS n,
        (now() AT TIME ZONE 'UTC') - make_interval(secs => ${SETTLE_SECONDS}) AS settled`;
    // a full batch ends at its last created_at (the rows sharing it are read again next time and skipped); a
    // partial one copied everything settled
    const next = step.n >= BATCH ? step.last : step.settled;
    if (!next || (since && next <= since)) return since;
    await tx.$executeRaw`
      INSERT INTO message_search_cursors (tenant_id, indexed_until) VALUES (${tenantId}, ${next}::timestamp)
      ON CONFLICT (tenant_id) DO UPDATE SET indexed_until = GREATEST(message_search_cursors.indexed_until, EXCLUDED.indexed_until)`;
    return next;
  });
}

/** `%q%` for ILIKE, with the pattern characters of q taken literally. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Ids of the tenant's conversations with a message containing q (case-insensitive), newest activity not implied. */
export async function conversationsWithText(tenantId: string, q: string, limit = 1000): Promise<string[]> {
  const until = await catchUpSearch(tenantId);
  const pattern = containsPattern(q);
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT conversation_id AS id FROM message_search WHERE text ILIKE ${pattern} AND tenant_id = ${tenantId}
    UNION
    SELECT conversation_id AS id FROM messages
    WHERE tenant_id = ${tenantId} AND created_at >= COALESCE(${until}::timestamp, '-infinity'::timestamp) AND text ILIKE ${pattern}
    LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

const IDLE_MS = 10 * 60_000;

// Tenants whose inbox is open on this server: kept caught up in the background so a search copies little; a tenant
// whose inbox nobody listed for IDLE_MS is left alone (the next search catches up, bounded, and reads the tail).
const watched = new Map<string, { timer: NodeJS.Timeout; usedAt: number }>();

export function watch(tenantId: string) {
  const known = watched.get(tenantId);
  if (known) return void (known.usedAt = Date.now());
  const entry = {
    usedAt: Date.now(),
    timer: setInterval(() => {
      if (Date.now() - entry.usedAt > IDLE_MS) return void (clearInterval(entry.timer), watched.delete(tenantId));
      void catchUpSearch(tenantId).catch((err) => log.error("search index catch-up failed", { tenantId, err }));
    }, EVERY_MS),
  };
  entry.timer.unref();
  watched.set(tenantId, entry);
}
