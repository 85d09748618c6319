import { withApiKey } from "@/lib/auth/caller";
import { botSchema } from "@/lib/api/schemas";
import { versionParamSchema } from "@/lib/api/bot-schemas";
import { dataResponse } from "@/lib/api/respond";
import { rollbackBot } from "@/lib/bots/manage";

// POST /api/v1/bots/:id/versions/:versionId/rollback — that version's behaviour goes live again as a new version.
export const POST = withApiKey(async (_req, { caller, params }) => {
  const { id, versionId } = versionParamSchema.parse(params);
  return dataResponse(botSchema, await rollbackBot(caller.tenantId, id, versionId, "API key"));
});
