import { z } from "zod";
import { readJson, withApiKey } from "@/lib/auth/caller";
import { idParamSchema, messageSchema, messagesQuerySchema } from "@/lib/api/schemas";
import { dataResponse, queryOf } from "@/lib/api/respond";
import { conversationMessages } from "@/lib/conversations/transcript";
import { apiMessageSchema, postApiMessage } from "@/lib/answering/api-actions";

// GET /api/v1/conversations/:id/messages?after=&limit= — a conversation's messages in seq order.
export const GET = withApiKey(async (req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  const { after, limit } = messagesQuerySchema.parse(queryOf(req));
  return dataResponse(
    z.array(messageSchema),
    await conversationMessages(caller.tenantId, id, { afterSeq: after, take: limit }),
  );
});

// POST /api/v1/conversations/:id/messages — an agent message from an integration; the visitor sees it live.
export const POST = withApiKey(async (req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  const input = apiMessageSchema.parse(await readJson(req));
  return dataResponse(messageSchema, await postApiMessage(caller.tenantId, id, input), 201);
});
