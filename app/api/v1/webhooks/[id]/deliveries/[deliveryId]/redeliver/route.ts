import { withApiKey } from "@/lib/auth/caller";
import { deliveryParamsSchema, webhookDeliverySchema } from "@/lib/api/schemas-webhooks";
import { dataResponse } from "@/lib/api/respond";
import { redeliver } from "@/lib/webhooks";

// POST /api/v1/webhooks/:id/deliveries/:deliveryId/redeliver — send the same event again as a new delivery.
export const POST = withApiKey(async (_req, { caller, params }) => {
  const { id, deliveryId } = deliveryParamsSchema.parse(params);
  return dataResponse(webhookDeliverySchema, await redeliver(caller.tenantId, id, deliveryId), 202);
});
