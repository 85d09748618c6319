import { z } from "zod";
import { withApiKey } from "@/lib/auth/caller";
import { conversationSchema, conversationsQuerySchema } from "@/lib/api/schemas";
import { dataResponse, queryOf } from "@/lib/api/respond";
import { listApiConversations } from "@/lib/conversations/api-view";

// GET /api/v1/conversations?status=&leftMessage=&rating=&limit= — the tenant's conversations, newest activity first.
export const GET = withApiKey(async (req, { caller }) => {
  const { status, leftMessage, rating, limit } = conversationsQuerySchema.parse(queryOf(req));
  const filter = { status, rating, take: limit, ...(leftMessage ? { leftMessage: leftMessage === "true" } : {}) };
  return dataResponse(z.array(conversationSchema), await listApiConversations(caller.tenantId, filter));
});
