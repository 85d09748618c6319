import crypto from "node:crypto";
import { db } from "../db/client";
import { envVar } from "../env";
import { safePost } from "../net/safe-post";
import { webhookAddressPolicy } from "./events";
import { setWebhookWake } from "./publish";

const BATCH = 20;
const MAX_DELAY_MS = 60 * 60 * 1000;

type Claimed = {
  id: string;
  event: string;
  payload: unknown;
  createdAt: Date;
  attempts: number;
  url: string;
  secret: string;
};

export const signBody = (secret: string, body: string) =>
  `sha256=${crypto.createHmac("sha256", secret).update(body).digest("hex")}`;

/** Exponential backoff after the n-th failed attempt (1-based), at most an hour between tries. */
export const retryDelayMs = (attempts: number) =>
  Math.min(envVar("KEFU_WEBHOOKS_RETRY_BASE_MS") * 2 ** (attempts - 1), MAX_DELAY_MS);

/**
 * Takes due deliveries for this server. Only the oldest pending delivery of each conversation and webhook is due,
 * so a conversation's events reach the receiver in order even across retries; SKIP LOCKED and a lease let several
 * servers share the queue, and the lease of a server that died runs out so another takes its rows.
 */
async function claim(): Promise<Claimed[]> {
  const leaseSeconds = Math.ceil(envVar("KEFU_WEBHOOKS_TIMEOUT_MS") / 1000) + 10;
  return db().$queryRaw<Claimed[]>`
    WITH due AS (
      SELECT d.id FROM webhook_deliveries d
      WHERE d.status = 'pending' AND d.next_attempt_at <= (now() AT TIME ZONE 'UTC')
        AND (d.locked_until IS NULL OR d.locked_until < (now() AT TIME ZONE 'UTC'))
        AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries e
          WHERE e.webhook_id = d.webhook_id AND e.conversation_id = d.conversation_id AND e.status = 'pending' AND e.seq < d.seq)
      ORDER BY d.seq LIMIT ${BATCH}
      FOR UPDATE SKIP LOCKED)
    UPDATE webhook_deliveries d SET locked_until = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${leaseSeconds})
    FROM due, webhooks w
    WHERE d.id = due.id AND w.id = d.webhook_id
    RETURNING d.id, d.event, d.payload, d.created_at AS "createdAt", d.attempts, w.url, w.secret`;
}

async function deliver(row: Claimed): Promise<void> {
  const body = JSON.stringify({
    id: row.id,
    event: row.event,
    createdAt: row.createdAt.toISOString(),
    data: row.payload,
  });
  const result = await safePost(
    row.url,
    body,
    { "x-kefu-event": row.event, "x-kefu-delivery": row.id, "x-kefu-signature": signBody(row.secret, body) },
    { ...webhookAddressPolicy(), timeoutMs: envVar("KEFU_WEBHOOKS_TIMEOUT_MS") },
  );
  const attempts = row.attempts + 1;
  const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
  const error = ok ? null : (result.error ?? `the receiver answered ${result.status}`).slice(0, 500);
  const giveUp = !ok && Date.now() - row.createdAt.getTime() > envVar("KEFU_WEBHOOKS_GIVE_UP_HOURS") * 3600_000;
  await db().webhookDelivery.update({
    where: { id: row.id },
    data: {
      attempts,
      lockedUntil: null,
      lastStatus: result.status ?? null,
      lastError: error,
      ...(ok
        ? { status: "delivered", deliveredAt: new Date() }
        : giveUp
          ? { status: "failed" }
          : { nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)) }),
    },
  });
}

/** Runs until stopped: sends what is due, and polls for more (other servers publish too). */
export function startWebhookWorker(log: (m: string) => void): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let wokenWhileRunning = false;
  const tick = async () => {
    timer = undefined;
    wokenWhileRunning = false;
    let more = false;
    try {
      const rows = await claim();
      await Promise.all(
        rows.map((r) => deliver(r).catch((err) => log(`webhook delivery ${r.id}: ${(err as Error).message}`))),
      );
      more = rows.length > 0;
    } catch (err) {
      log(`webhook worker: ${(err as Error).message.split("\n")[0]}`);
    }
    if (!stopped) timer = setTimeout(wake, more || wokenWhileRunning ? 0 : envVar("KEFU_WEBHOOKS_POLL_MS"));
  };
  const wake = () => {
    if (running) wokenWhileRunning = true;
    if (stopped || running) return;
    if (timer) clearTimeout(timer);
    running = tick().finally(() => (running = undefined));
  };
  setWebhookWake(wake);
  wake();
  return async () => {
    stopped = true;
    setWebhookWake(undefined);
    if (timer) clearTimeout(timer);
    await running;
  };
}
