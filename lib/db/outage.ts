import pg from "pg";
import { envVar } from "../env";
import { log } from "../log";

const g = globalThis as unknown as {
  __kefuDbOutage?: { since: number; timer?: NodeJS.Timeout };
  __kefuDbProbe?: Promise<boolean>;
  __kefuDbStopping?: boolean;
};

/** Kefu itself is stopping its database (shutdown): connections ending now are not an outage. */
export const databaseStopping = (stopping = true) => void (g.__kefuDbStopping = stopping);

// Driver and server codes of "the database is not there" (refused, reset, shut down, starting up, timed out).
const DOWN_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08006",
  "P1001",
  "P1017",
]);
const DOWN_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connection error|Can't reach database|server closed the connection|the database system is (shutting down|starting up|in recovery mode)/i;

/** Whether an error means the database cannot be reached (rather than a bug or bad data). Looks through causes. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.code === "string" && DOWN_CODES.has(e.code)) return true;
  if (typeof e.message === "string" && DOWN_MESSAGES.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1);
}

/**
 * Whether the database answers `SELECT 1` within `timeoutMs`, on a connection of its own: a frozen server (SIGSTOP)
 * accepts TCP connections and then never answers, so the pool's connections would wait forever. One probe at a time.
 */
export function probeDatabase(timeoutMs = 800): Promise<boolean> {
  const url = envVar("DATABASE_URL");
  if (!url) return Promise.resolve(false);
  g.__kefuDbProbe ??= (async () => {
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
    });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("SELECT 1");
      outageEnded();
      return true;
    } catch {
      return false;
    } finally {
      void client.end().catch(() => {
        /* the probe already failed; a client that cannot even close cleanly changes nothing */
      });
    }
  })().finally(() => (g.__kefuDbProbe = undefined));
  const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs + 100).unref());
  return Promise.race([g.__kefuDbProbe, timer]);
}

/**
 * Notes that a request failed because the database is unreachable. The first one logs that an outage began; then a
 * probe every second notices when it is back and logs that once. Failures in between log nothing: a stack trace
 * per failed write buried the one line that mattered (13,000 lines in 10 s).
 */
export function noteDatabaseDown(reason: string) {
  if (g.__kefuDbOutage || g.__kefuDbStopping) return;
  const outage: { since: number; timer?: NodeJS.Timeout } = { since: Date.now() };
  g.__kefuDbOutage = outage;
  log.error(`database unavailable (${reason}): requests that need it fail until it is back`);
  const check = async () => {
    if (!(await probeDatabase(1_000)) && g.__kefuDbOutage === outage) outage.timer = setTimeout(check, 1_000).unref();
  };
  outage.timer = setTimeout(check, 1_000).unref();
}

/** Any successful probe (the loop above, or /api/health) ends the outage, with one line. */
function outageEnded() {
  const outage = g.__kefuDbOutage;
  if (!outage) return;
  g.__kefuDbOutage = undefined;
  clearTimeout(outage.timer);
  log.warn(`database is back (unavailable for ${((Date.now() - outage.since) / 1000).toFixed(1)} s)`);
}

export const databaseOutage = () => (g.__kefuDbOutage ? { since: g.__kefuDbOutage.since } : undefined);
