import { z } from "zod";
import { withApiKey, readJson } from "@/lib/auth/caller";
import { webhookSchema } from "@/lib/api/schemas-webhooks";
import { dataResponse } from "@/lib/api/respond";
import { createWebhook, listWebhooks, webhookInputSchema } from "@/lib/webhooks";

// GET /api/v1/webhooks — the tenant's webhooks, with their secrets (only the tenant's keys can read them).
export const GET = withApiKey(async (_req, { caller }) =>
  dataResponse(z.array(webhookSchema), await listWebhooks(caller.tenantId)),
);

// POST /api/v1/webhooks — subscribe a URL to events; a private or loopback address is refused unless the operator allows it.
export const POST = withApiKey(async (req, { caller }) => {
  const input = webhookInputSchema.parse(await readJson(req));
  return dataResponse(webhookSchema, await createWebhook(caller.tenantId, input), 201);
});
