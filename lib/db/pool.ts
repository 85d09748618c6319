import pg from "pg";
import { envVar } from "../env";
import { noteDatabaseDown } from "./outage";

// The pg pools of this process: one for Prisma (through its driver adapter), a small one for the message writer.
const g = globalThis as unknown as { __kefuPool?: pg.Pool; __kefuWriterPool?: pg.Pool };

/**
 * The pool survives a PostgreSQL restart: a connection that breaks while idle is dropped (and logged, never thrown
 * into the process), a query on a dead connection fails with an error the caller answers as `internal`, and the
 * next query opens a fresh connection. Connects time out so a database that is down answers with errors, not silence.
 */
export function pool(): pg.Pool {
  return (g.__kefuPool ??= makePool(envVar("KEFU_DB_POOL_MAX")));
}

/**
 * The message writer's own connections: a batch of messages never waits in the queue behind the reads of the rest
 * of the server (under load thousands of them), so an ack is delayed by one commit, not by the whole backlog.
 */
export function writerPool(): pg.Pool {
  // one connection per writer lane of the group commit (lib/conversations/append-batch.ts)
  return (g.__kefuWriterPool ??= makePool(envVar("KEFU_APPEND_LANES")));
}

/** Requests queued for a connection of the shared pool past this bound: callers that can be retried refuse (`busy`). */
export const poolBusy = () => (g.__kefuPool?.waitingCount ?? 0) > envVar("KEFU_DB_MAX_WAITING");

function makePool(max: number): pg.Pool {
  const url = envVar("DATABASE_URL");
  if (!url) throw new Error("DATABASE_URL is not set: start Kefu through server.ts or the CLI");
  const p = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    options: "-c TimeZone=UTC", // timestamps are stored as UTC, as Prisma writes them
  });
  p.on("error", (err) => noteDatabaseDown(`connection lost: ${err.message}`));
  return p;
}

export async function endPool() {
  const pools = [g.__kefuPool, g.__kefuWriterPool];
  g.__kefuPool = g.__kefuWriterPool = undefined;
  // closing at shutdown: a pool whose connections are already gone is as closed as we need
  await Promise.all(pools.map((p) => p?.end().catch(() => {})));
}
