import { readJson, withApiKey } from "@/lib/auth/caller";
import { botSchema, idParamSchema } from "@/lib/api/schemas";
import { dataResponse } from "@/lib/api/respond";
import { duplicateBot, duplicateBotSchema } from "@/lib/bots/manage";

// POST /api/v1/bots/:id/duplicate { name? } — a copy of the bot with its own widget key.
export const POST = withApiKey(async (req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  const input = duplicateBotSchema.parse(await readJson(req));
  return dataResponse(botSchema, await duplicateBot(caller.tenantId, id, input, "API key"), 201);
});
