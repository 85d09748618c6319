import { z } from "zod";
import { withApiKey } from "@/lib/auth/caller";
import { idParamSchema } from "@/lib/api/schemas";
import { webhookDeliverySchema } from "@/lib/api/schemas-webhooks";
import { dataResponse } from "@/lib/api/respond";
import { listDeliveries } from "@/lib/webhooks";

// GET /api/v1/webhooks/:id/deliveries — the delivery log, newest first: status, attempts, the receiver's last answer.
export const GET = withApiKey(async (_req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  return dataResponse(z.array(webhookDeliverySchema), await listDeliveries(caller.tenantId, id));
});
