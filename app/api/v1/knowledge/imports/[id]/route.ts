import { withApiKey } from "@/lib/auth/caller";
import { idParamSchema, importJobSchema } from "@/lib/api/schemas";
import { dataResponse } from "@/lib/api/respond";
import { getImportJob } from "@/lib/knowledge/import";

// GET /api/v1/knowledge/imports/:id — an import's progress and outcome.
export const GET = withApiKey(async (_req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  return dataResponse(importJobSchema, await getImportJob(caller.tenantId, id));
});
