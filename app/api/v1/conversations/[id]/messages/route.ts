import { z } from "zod";
import { withApiKey } from "@/lib/auth/caller";
import { idParamSchema, messageSchema, messagesQuerySchema } from "@/lib/api/schemas";
import { dataResponse, queryOf } from "@/lib/api/respond";
import { conversationMessages } from "@/lib/conversations/transcript";

// GET /api/v1/conversations/:id/messages?after=&limit= — a conversation's messages in seq order.
export const GET = withApiKey(async (req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  const { after, limit } = messagesQuerySchema.parse(queryOf(req));
  return dataResponse(z.array(messageSchema), await conversationMessages(caller.tenantId, id, { afterSeq: after, take: limit }));
});
