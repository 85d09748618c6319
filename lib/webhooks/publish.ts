import { db } from "../db/client";
import { log } from "../log";
import type { WebhookEvent } from "./events";

const g = globalThis as unknown as {
  __kefuWebhookWake?: () => void;
  __kefuWebhookSubs?: Map<string, { events: Set<string>; at: number }>;
};
// which events a tenant subscribes to, for a moment: most tenants have no webhook, and message.created runs per message
const SUBS_TTL_MS = 2000;
const subs = () => (g.__kefuWebhookSubs ??= new Map());

export function forgetSubscriptions(tenantId: string) {
  subs().delete(tenantId);
}

async function subscribed(tenantId: string, type: WebhookEvent): Promise<boolean> {
  const hit = subs().get(tenantId);
  if (hit && Date.now() - hit.at < SUBS_TTL_MS) return hit.events.has(type);
  const rows = await db().webhook.findMany({ where: { tenantId, active: true }, select: { events: true } });
  const events = new Set(rows.flatMap((r) => r.events));
  subs().set(tenantId, { events, at: Date.now() });
  return events.has(type);
}

/** Lets this process's worker send at once instead of at its next poll. */
export function setWebhookWake(wake: (() => void) | undefined) {
  g.__kefuWebhookWake = wake;
}

/**
 * Queues `type` for each of the tenant's active webhooks subscribed to it, in publication order. Called right after
 * the change is stored; a failure here is logged, never turned into a failure of the change itself.
 */
export async function publishEvent(
  tenantId: string,
  type: WebhookEvent,
  payload: Record<string, unknown>,
): Promise<void> {
  try {
    if (!(await subscribed(tenantId, type))) return;
    const conversationId = typeof payload.conversationId === "string" ? payload.conversationId : null;
    const json = JSON.stringify(payload);
    const n = await db().$executeRaw`
      INSERT INTO webhook_deliveries (id, tenant_id, webhook_id, event, conversation_id, payload)
      SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), w.tenant_id, w.id, ${type}, ${conversationId}, ${json}::jsonb
      FROM webhooks w
      WHERE w.tenant_id = ${tenantId} AND w.active AND ${type} = ANY(w.events)
      ORDER BY w.id`;
    if (n) g.__kefuWebhookWake?.();
  } catch (err) {
    log.error("webhook event not queued", { tenantId, event: type, err });
  }
}
