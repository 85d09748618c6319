// GET /api/admin/bots/:id/versions/:versionId — one version with the behaviour it saved.
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { getBot } from "@/lib/bots";
import { getVersion } from "@/lib/bots/versions";

export const GET = withSession("admin", async (_req, { caller, params }) => {
  await getBot(caller.tenantId, params.id);
  return NextResponse.json({ version: await getVersion(caller.tenantId, params.id, params.versionId) });
});
