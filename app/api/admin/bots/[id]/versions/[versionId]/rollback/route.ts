// POST /api/admin/bots/:id/versions/:versionId/rollback — the version's behaviour goes live again as a new version.
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { rollbackBot } from "@/lib/bots/manage";
import { botJson } from "../../../../shape";

export const POST = withSession("admin", async (_req, { caller, params }) => {
  return NextResponse.json({
    bot: botJson(await rollbackBot(caller.tenantId, params.id, params.versionId, caller.name)),
  });
});
