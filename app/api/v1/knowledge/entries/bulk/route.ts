import { readJson, withApiKey } from "@/lib/auth/caller";
import { bulkResultSchema } from "@/lib/api/schemas";
import { dataResponse } from "@/lib/api/respond";
import { bulkActionSchema, bulkEntries } from "@/lib/knowledge";

// POST /api/v1/knowledge/entries/bulk { ids | filter, action: enable | disable | delete } — only the tenant's entries change.
export const POST = withApiKey(async (req, { caller }) => {
  const input = bulkActionSchema.parse(await readJson(req));
  return dataResponse(bulkResultSchema, await bulkEntries(caller.tenantId, input));
});
