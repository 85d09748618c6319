import { withApiKey } from "@/lib/auth/caller";
import { idParamSchema } from "@/lib/api/schemas";
import { conversationStateSchema } from "@/lib/api/schemas-act";
import { dataResponse } from "@/lib/api/respond";
import { apiHandOff } from "@/lib/answering/api-actions";

// POST /api/v1/conversations/:id/handoff — the bot steps back and the conversation waits for an agent.
export const POST = withApiKey(async (_req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  return dataResponse(conversationStateSchema, await apiHandOff(caller.tenantId, id));
});
