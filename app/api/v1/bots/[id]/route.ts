import { readJson, withApiKey } from "@/lib/auth/caller";
import { closeConversation } from "@/lib/answering/actions";
import { botSchema, idParamSchema } from "@/lib/api/schemas";
import { botDeletionSchema } from "@/lib/api/bot-schemas";
import { dataResponse, queryOf } from "@/lib/api/respond";
import { getBot } from "@/lib/bots";
import { deleteBot, deleteBotQuerySchema } from "@/lib/bots/delete";
import { botPatchSchema, patchBot } from "@/lib/bots/manage";

// GET / PATCH / DELETE /api/v1/bots/:id — looked up within the key's tenant; another tenant's id is a 404.
export const GET = withApiKey(async (_req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  return dataResponse(botSchema, await getBot(caller.tenantId, id));
});

export const PATCH = withApiKey(async (req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  const patch = botPatchSchema.parse(await readJson(req));
  return dataResponse(botSchema, await patchBot(caller.tenantId, id, patch, "API key"));
});

export const DELETE = withApiKey(async (req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  const { force } = deleteBotQuerySchema.parse(queryOf(req));
  return dataResponse(botDeletionSchema, {
    deleted: true,
    ...(await deleteBot(caller.tenantId, id, { force: force === "true", closeConversation })),
  });
});
