import { withApiKey } from "@/lib/auth/caller";
import { idParamSchema } from "@/lib/api/schemas";
import { conversationStateSchema } from "@/lib/api/schemas-act";
import { dataResponse } from "@/lib/api/respond";
import { closeConversation } from "@/lib/answering/actions";

// POST /api/v1/conversations/:id/close — closes it; the visitor is told and may rate it.
export const POST = withApiKey(async (_req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  return dataResponse(conversationStateSchema, await closeConversation(caller.tenantId, id));
});
