import { z } from "zod";
import { withApiKey } from "@/lib/auth/caller";
import { conversationSchema, conversationsQuerySchema } from "@/lib/api/schemas";
import { dataResponse, queryOf } from "@/lib/api/respond";
import { listConversations } from "@/lib/conversations";

// GET /api/v1/conversations?status=&limit= — the tenant's conversations, newest activity first.
export const GET = withApiKey(async (req, { caller }) => {
  const { status, limit } = conversationsQuerySchema.parse(queryOf(req));
  return dataResponse(z.array(conversationSchema), await listConversations(caller.tenantId, { status, take: limit }));
});
