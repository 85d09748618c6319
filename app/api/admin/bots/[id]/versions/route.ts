// GET /api/admin/bots/:id/versions — the bot's history, newest first: who, when, which fields changed.
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { getBot } from "@/lib/bots";
import { listVersions } from "@/lib/bots/versions";

export const GET = withSession("admin", async (_req, { caller, params }) => {
  await getBot(caller.tenantId, params.id);
  return NextResponse.json({ versions: await listVersions(caller.tenantId, params.id) });
});
