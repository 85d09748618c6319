// GET /api/admin/knowledge/imports — recent imports; POST — a file (multipart) or { url }: 202 with the job to poll.
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { listImportJobs } from "@/lib/knowledge/import";
import { importFromRequest } from "@/lib/knowledge/import/request";
import { jobJson } from "./shape";

export const GET = withSession("admin", async (_req, { caller }) => {
  return NextResponse.json({ imports: (await listImportJobs(caller.tenantId)).map(jobJson) });
});

export const POST = withSession("admin", async (req, { caller }) => {
  return NextResponse.json({ import: jobJson(await importFromRequest(caller.tenantId, req)) }, { status: 202 });
});
