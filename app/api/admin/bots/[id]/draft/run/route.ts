// POST /api/admin/bots/:id/draft/run — every saved question against the live bot and the draft, side by side.
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { runDraft } from "@/lib/answering/draft-run";

export const POST = withSession("admin", async (req, { caller, params }) => {
  return NextResponse.json({ results: await runDraft(caller.tenantId, params.id, req.signal) });
});
