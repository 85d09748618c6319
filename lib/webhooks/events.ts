import { z } from "zod";
import { envVar } from "../env";
import type { SafeFetchOptions } from "../net/safe-fetch";

export const WEBHOOK_EVENTS = [
  "conversation.created",
  "conversation.handed_off",
  "conversation.closed",
  "message.created",
  "csat.received",
  "message.left",
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const webhookEventSchema = z.enum(WEBHOOK_EVENTS);

/**
 * Where a webhook may point. Public addresses only by default: a tenant's admin must not be able to make Kefu POST
 * into the operator's own network (SSRF). An operator who runs receivers on the intranet allows them explicitly.
 */
export function webhookAddressPolicy(): Pick<SafeFetchOptions, "allow"> {
  return envVar("KEFU_WEBHOOKS_ALLOW_PRIVATE") === "1" ? { allow: () => true } : {};
}
