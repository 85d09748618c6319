import { idParamSchema } from "./schemas";
import { deliveryParamsSchema } from "./schemas-webhooks";

type Json = Record<string, unknown>;
type Helpers = { operation: (op: never) => Json; list: (name: string) => Json; ref: (name: string) => Json };

/** The webhooks paths of the OpenAPI document (docs/webhooks.md). */
export function webhookPaths(h: Helpers): Record<string, Json> {
  const op = h.operation as (o: Json) => Json;
  return {
    "/api/v1/webhooks": {
      get: op({
        operationId: "listWebhooks",
        summary: "List the tenant's webhooks",
        data: h.list("Webhook"),
        errors: [],
      }),
      post: op({
        operationId: "createWebhook",
        summary: "Subscribe a URL to events",
        description:
          "Each event is POSTed as JSON `{ id, event, createdAt, data }` with `X-Kefu-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, " +
          "`X-Kefu-Event` and `X-Kefu-Delivery`; retried with exponential backoff for at least a day, in order per conversation. " +
          "Private, loopback and link-local addresses are refused (400) unless the operator set KEFU_WEBHOOKS_ALLOW_PRIVATE=1.",
        body: "WebhookInput",
        status: 201,
        data: h.ref("Webhook"),
        errors: [400],
      }),
    },
    "/api/v1/webhooks/{id}": {
      get: op({
        operationId: "getWebhook",
        summary: "One webhook",
        path: idParamSchema,
        data: h.ref("Webhook"),
        errors: [404],
      }),
      patch: op({
        operationId: "updateWebhook",
        summary: "Change a webhook",
        path: idParamSchema,
        body: "WebhookPatch",
        data: h.ref("Webhook"),
        errors: [400, 404],
      }),
      delete: op({
        operationId: "deleteWebhook",
        summary: "Delete a webhook and its pending deliveries",
        path: idParamSchema,
        data: h.ref("Deleted"),
        errors: [404],
      }),
    },
    "/api/v1/webhooks/{id}/deliveries": {
      get: op({
        operationId: "listWebhookDeliveries",
        summary: "The webhook's delivery log, newest first",
        path: idParamSchema,
        data: h.list("WebhookDelivery"),
        errors: [404],
      }),
    },
    "/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
      post: op({
        operationId: "redeliverWebhook",
        summary: "Send a delivery's event again",
        description: "Queued at once as a new delivery with its own X-Kefu-Delivery.",
        path: deliveryParamsSchema,
        status: 202,
        data: h.ref("WebhookDelivery"),
        errors: [404],
      }),
    },
  };
}
