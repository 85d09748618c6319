import { withApiKey } from "@/lib/auth/caller";
import { importJobSchema, importQuerySchema } from "@/lib/api/schemas";
import { dataResponse, queryOf } from "@/lib/api/respond";
import { waitForImport } from "@/lib/knowledge/import";
import { importFromRequest } from "@/lib/knowledge/import/request";

// POST /api/v1/knowledge/imports[?wait=true] — a file (multipart), a URL or entries (JSON); 202 with the job, or the
// finished job with ?wait=true.
export const POST = withApiKey(async (req, { caller }) => {
  const { wait } = importQuerySchema.parse(queryOf(req));
  const job = await importFromRequest(caller.tenantId, req);
  if (wait !== "true") return dataResponse(importJobSchema, job, 202);
  const done = await waitForImport(caller.tenantId, job.id);
  return dataResponse(importJobSchema, done, done.status === "running" ? 202 : 200);
});
