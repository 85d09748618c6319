// GET /api/admin/knowledge/imports/:id — one import's progress, for the page's progress bar.
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { getImportJob } from "@/lib/knowledge/import";
import { jobJson } from "../shape";

export const GET = withSession("admin", async (_req, { caller, params }) => {
  return NextResponse.json({ import: jobJson(await getImportJob(caller.tenantId, params.id)) });
});
