import { withApiKey } from "@/lib/auth/caller";
import { csatQueryApiSchema, csatSummarySchema } from "@/lib/api/schemas";
import { dataResponse, queryOf } from "@/lib/api/respond";
import { csatSummary } from "@/lib/conversations/csat";

// GET /api/v1/csat?from=&to=&botId= — visitor ratings in a period, all and split by bot-only vs with an agent.
export const GET = withApiKey(async (req, { caller }) => {
  const query = csatQueryApiSchema.parse(queryOf(req));
  return dataResponse(csatSummarySchema, await csatSummary(caller.tenantId, query));
});
