import { readJson, withApiKey } from "@/lib/auth/caller";
import { idParamSchema } from "@/lib/api/schemas";
import { conversationStateSchema } from "@/lib/api/schemas-act";
import { dataResponse } from "@/lib/api/respond";
import { apiAssign, assignBodySchema } from "@/lib/answering/api-actions";

// POST /api/v1/conversations/:id/assign { userId } — give it to a member of the team (null: back to the queue).
export const POST = withApiKey(async (req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  const { userId } = assignBodySchema.parse(await readJson(req));
  return dataResponse(conversationStateSchema, await apiAssign(caller.tenantId, id, userId));
});
