import crypto from "node:crypto";
import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { checkedAddress } from "../net/safe-fetch";
import { webhookAddressPolicy, webhookEventSchema } from "./events";
import { forgetSubscriptions } from "./publish";

export const webhookInputSchema = z.object({
  url: z.string().trim().url("url: an http(s) address").max(2000),
  events: z.array(webhookEventSchema).min(1, "events: subscribe to at least one event"),
  active: z.boolean().optional(),
});
export const webhookPatchSchema = webhookInputSchema.partial();

const webhookSelect = { id: true, url: true, secret: true, events: true, active: true, createdAt: true } as const;
const deliverySelect = {
  id: true,
  event: true,
  conversationId: true,
  payload: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastStatus: true,
  lastError: true,
  deliveredAt: true,
  createdAt: true,
} as const;

/** Refuses a URL Kefu must not POST to, with the reason, before it is stored (the worker checks again per send). */
async function checkUrl(raw: string) {
  const url = new URL(raw);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new KefuError("bad_request", "url: only http and https addresses");
  try {
    await checkedAddress(url, webhookAddressPolicy());
  } catch (err) {
    // a fixed answer, not a temporary one: the same URL is refused until the operator allows private addresses
    throw new KefuError("bad_request", `url: ${(err as Error).message}`);
  }
}

const newSecret = () => `whsec_${crypto.randomBytes(24).toString("base64url")}`;

export function listWebhooks(tenantId: string) {
  return db().webhook.findMany({ where: { tenantId }, select: webhookSelect, orderBy: { createdAt: "asc" } });
}

export async function getWebhook(tenantId: string, id: string) {
  const hook = await db().webhook.findFirst({ where: { id, tenantId }, select: webhookSelect });
  if (!hook) throw new KefuError("not_found", "No such webhook");
  return hook;
}

export async function createWebhook(tenantId: string, input: z.infer<typeof webhookInputSchema>) {
  await checkUrl(input.url);
  const hook = await db().webhook.create({
    data: {
      tenantId,
      url: input.url,
      events: [...new Set(input.events)],
      active: input.active ?? true,
      secret: newSecret(),
    },
    select: webhookSelect,
  });
  forgetSubscriptions(tenantId);
  return hook;
}

export async function updateWebhook(tenantId: string, id: string, input: z.infer<typeof webhookPatchSchema>) {
  if (input.url) await checkUrl(input.url);
  const { count } = await db().webhook.updateMany({
    where: { id, tenantId },
    data: { ...input, ...(input.events ? { events: [...new Set(input.events)] } : {}) },
  });
  if (!count) throw new KefuError("not_found", "No such webhook");
  forgetSubscriptions(tenantId);
  return getWebhook(tenantId, id);
}

export async function deleteWebhook(tenantId: string, id: string) {
  const { count } = await db().webhook.deleteMany({ where: { id, tenantId } });
  if (!count) throw new KefuError("not_found", "No such webhook");
  forgetSubscriptions(tenantId);
}

/** The webhook's delivery log, newest first. */
export async function listDeliveries(tenantId: string, webhookId: string, take = 50) {
  await getWebhook(tenantId, webhookId);
  const rows = await db().webhookDelivery.findMany({
    where: { tenantId, webhookId },
    select: deliverySelect,
    orderBy: { seq: "desc" },
    take: Math.min(take, 200),
  });
  return rows;
}

/** "Send again": the same event as a new delivery (its own X-Kefu-Delivery), queued now. */
export async function redeliver(tenantId: string, webhookId: string, deliveryId: string) {
  const old = await db().webhookDelivery.findFirst({
    where: { id: deliveryId, webhookId, tenantId },
    select: { event: true, conversationId: true, payload: true },
  });
  if (!old) throw new KefuError("not_found", "No such delivery");
  return db().webhookDelivery.create({
    data: {
      id: `whd_${crypto.randomUUID().replaceAll("-", "")}`,
      tenantId,
      webhookId,
      event: old.event,
      conversationId: old.conversationId,
      payload: (old.payload ?? {}) as object,
    },
    select: deliverySelect,
  });
}
