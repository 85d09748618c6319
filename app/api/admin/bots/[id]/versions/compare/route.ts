// GET /api/admin/bots/:id/versions/compare?from=<version id>&to=<version id> — field-level differences.
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { queryOf } from "@/lib/api/respond";
import { getBot } from "@/lib/bots";
import { compareQuerySchema, compareVersions } from "@/lib/bots/versions";

export const GET = withSession("admin", async (req, { caller, params }) => {
  const { from, to } = compareQuerySchema.parse(queryOf(req));
  await getBot(caller.tenantId, params.id);
  return NextResponse.json({ comparison: await compareVersions(caller.tenantId, params.id, from, to) });
});
