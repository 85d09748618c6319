import { withApiKey, readJson } from "@/lib/auth/caller";
import { idParamSchema } from "@/lib/api/schemas";
import { deletedSchema, webhookSchema } from "@/lib/api/schemas-webhooks";
import { dataResponse } from "@/lib/api/respond";
import { deleteWebhook, getWebhook, updateWebhook, webhookPatchSchema } from "@/lib/webhooks";

// GET /api/v1/webhooks/:id — one webhook of the tenant (another tenant's answers 404).
export const GET = withApiKey(async (_req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  return dataResponse(webhookSchema, await getWebhook(caller.tenantId, id));
});

// PATCH /api/v1/webhooks/:id — change its URL, events or active flag.
export const PATCH = withApiKey(async (req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  const input = webhookPatchSchema.parse(await readJson(req));
  return dataResponse(webhookSchema, await updateWebhook(caller.tenantId, id, input));
});

// DELETE /api/v1/webhooks/:id — stop sending to it; its pending deliveries go with it.
export const DELETE = withApiKey(async (_req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  await deleteWebhook(caller.tenantId, id);
  return dataResponse(deletedSchema, { id, deleted: true });
});
