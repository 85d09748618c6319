import pg from "pg";

// One pg pool per process, shared by Prisma (through its driver adapter) and the batched message writer.
const g = globalThis as unknown as { __kefuPool?: pg.Pool };

/**
 * The pool survives a PostgreSQL restart: a connection that breaks while idle is dropped (and logged, never thrown
 * into the process), a query on a dead connection fails with an error the caller answers as `internal`, and the
 * next query opens a fresh connection. Connects time out so a database that is down answers with errors, not silence.
 */
export function pool(): pg.Pool {
  if (!g.__kefuPool) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Kefu through server.ts or the CLI");
    const p = new pg.Pool({
      connectionString: url,
      max: Number(process.env.KEFU_DB_POOL_MAX) || 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      options: "-c TimeZone=UTC", // timestamps are stored as UTC, as Prisma writes them
    });
    let lastLog = 0;
    p.on("error", (err) => {
      if (Date.now() - lastLog > 5_000) console.error(`[kefu] database connection lost: ${err.message}`);
      lastLog = Date.now();
    });
    g.__kefuPool = p;
  }
  return g.__kefuPool;
}

export async function endPool() {
  const p = g.__kefuPool;
  g.__kefuPool = undefined;
  await p?.end().catch(() => {});
}
