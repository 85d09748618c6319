// POST /api/admin/bots/:id/draft/publish — the draft goes live as a new version.
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { publishDraft } from "@/lib/bots/drafts";
import { botJson } from "../../../shape";

export const POST = withSession("admin", async (_req, { caller, params }) => {
  return NextResponse.json({ bot: botJson(await publishDraft(caller.tenantId, params.id, caller.name)) });
});
