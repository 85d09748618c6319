export { WEBHOOK_EVENTS, type WebhookEvent } from "./events";
export { publishEvent } from "./publish";
export {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  updateWebhook,
  webhookInputSchema,
  webhookPatchSchema,
} from "./manage";
