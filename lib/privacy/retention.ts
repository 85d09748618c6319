// Retention: a workspace may keep closed conversations for N days only (tenants.retention_days, 0 = for ever).
// Every server sweeps periodically; an advisory lock taken inside the sweep's transaction lets one server at a time do
// the work (the others skip that round), and the delete itself is idempotent, so several servers never conflict.
import { z } from "zod";
import { type AuditActor, recordAudit } from "../audit";
import { db } from "../db/client";
import { envVar } from "../env";
import { KefuError } from "../errors";

const SWEEP_LOCK = 727275;
const DAY_MS = 86_400_000;

export const MAX_RETENTION_DAYS = 36_500;

/** The console's and REST's body: a clear, non-retryable 400 names what is wrong with the number. */
export const retentionInputSchema = z.object({
  retentionDays: z
    .number({ error: "retentionDays must be a whole number of days (0 keeps closed conversations for ever)" })
    .int("retentionDays must be a whole number of days")
    .min(0, "retentionDays must be 0 (keep for ever) or more")
    .max(MAX_RETENTION_DAYS, `retentionDays must be at most ${MAX_RETENTION_DAYS} (100 years)`),
});

export async function getRetentionDays(tenantId: string) {
  const t = await db().tenant.findUnique({ where: { id: tenantId }, select: { retentionDays: true } });
  if (!t) throw new KefuError("not_found", "No such workspace");
  return t.retentionDays;
}

export async function setRetentionDays(tenantId: string, actor: AuditActor, days: number) {
  if (!Number.isInteger(days) || days < 0 || days > MAX_RETENTION_DAYS)
    throw new KefuError("bad_request", "retention days must be a whole number from 0 (keep) to 36500");
  const before = await db().tenant.findUnique({ where: { id: tenantId }, select: { retentionDays: true } });
  if (!before) throw new KefuError("not_found", "No such workspace");
  await db().tenant.update({ where: { id: tenantId }, data: { retentionDays: days }, select: { id: true } });
  await recordAudit(tenantId, actor, "settings.retention", "tenant", {
    retentionDays: { from: before.retentionDays, to: days },
  });
  return { retentionDays: days };
}

/** One sweep over every workspace with a retention period; resolves to the conversations deleted, or null when another server holds the sweep. */
export async function sweepRetention(now = new Date()): Promise<{ conversations: number } | null> {
  return db().$transaction(
    async (tx) => {
      const [{ locked }] = await tx.$queryRaw<
        { locked: boolean }[]
      >`SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK}) AS locked`;
      if (!locked) return null;
      const tenants = await tx.tenant.findMany({
        where: { retentionDays: { gt: 0 } },
        select: { id: true, retentionDays: true },
      });
      let conversations = 0;
      for (const t of tenants) {
        const where = {
          tenantId: t.id,
          status: "closed",
          closedAt: { lt: new Date(now.getTime() - t.retentionDays * DAY_MS) },
        };
        const old = await tx.conversation.findMany({ where, select: { id: true }, take: 5000 });
        if (!old.length) continue;
        const ids = old.map((c) => c.id);
        // the left message stored in the conversation and the email answers to it hold the visitor's text and address:
        // they go with the conversation (offline_messages has no foreign key to conversations to cascade by)
        await tx.offlineMessage.deleteMany({ where: { tenantId: t.id, conversationId: { in: ids } } });
        await tx.emailReply.deleteMany({ where: { tenantId: t.id, conversationId: { in: ids } } });
        await tx.webhookDelivery.deleteMany({ where: { tenantId: t.id, conversationId: { in: ids } } });
        await tx.message.deleteMany({ where: { tenantId: t.id, conversationId: { in: ids } } });
        conversations += (await tx.conversation.deleteMany({ where: { tenantId: t.id, id: { in: ids } } })).count;
      }
      return { conversations };
    },
    { timeout: 120_000 },
  );
}

/** Started by server.ts: a first sweep a minute after start, then every KEFU_RETENTION_SWEEP_MS. */
export function startRetentionSweep(log: (m: string) => void): () => void {
  const sweep = () =>
    void sweepRetention()
      .then(
        (r) =>
          r?.conversations &&
          log(`Retention: deleted ${r.conversations} closed conversation(s) past their workspace's period`),
      )
      .catch((err) => log(`⚠ retention sweep failed (${(err as Error).message}); retried at the next round`));
  const first = setTimeout(sweep, Math.min(60_000, envVar("KEFU_RETENTION_SWEEP_MS")));
  const every = setInterval(sweep, envVar("KEFU_RETENTION_SWEEP_MS"));
  first.unref();
  every.unref();
  return () => (clearTimeout(first), clearInterval(every));
}
