import { withApiKey } from "@/lib/auth/caller";
import { dataResponse, queryOf } from "@/lib/api/respond";
import { analyticsOf, analyticsQuerySchema, analyticsSchema } from "@/lib/analytics";

// GET /api/v1/analytics?from=&to=&botId= — the analytics page's figures for the key's tenant.
export const GET = withApiKey(async (req, { caller }) => {
  const query = analyticsQuerySchema.parse(queryOf(req));
  return dataResponse(analyticsSchema, await analyticsOf(caller.tenantId, query));
});
