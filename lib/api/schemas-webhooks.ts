import { z } from "zod";
import { WEBHOOK_EVENTS } from "../webhooks";

const isoDate = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.iso.datetime());
const isoDateOrNull = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.iso.datetime().nullable());

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  secret: z.string().describe("HMAC-SHA256 key: X-Kefu-Signature is sha256=<hex HMAC of the raw body>"),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  active: z.boolean(),
  createdAt: isoDate,
});

export const webhookDeliverySchema = z.object({
  id: z.string().describe("Also sent as X-Kefu-Delivery"),
  event: z.string(),
  conversationId: z.string().nullable(),
  payload: z.unknown(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  nextAttemptAt: isoDate,
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: isoDateOrNull,
  createdAt: isoDate,
});

export const deliveryParamsSchema = z.object({
  id: z.string().min(1).max(100),
  deliveryId: z.string().min(1).max(100),
});
export const deletedSchema = z.object({ id: z.string(), deleted: z.literal(true) });
