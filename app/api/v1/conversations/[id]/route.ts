import { withApiKey } from "@/lib/auth/caller";
import { conversationDetailSchema, idParamSchema } from "@/lib/api/schemas";
import { dataResponse } from "@/lib/api/respond";
import { getApiConversation } from "@/lib/conversations/api-view";

// GET /api/v1/conversations/:id — one conversation: state, left message, rating and email replies.
export const GET = withApiKey(async (_req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  return dataResponse(conversationDetailSchema, await getApiConversation(caller.tenantId, id));
});
