// GET / PUT / DELETE /api/admin/bots/:id/draft — the bot's unpublished behaviour: read, save (checked like a save of
// the bot, nothing goes live), discard.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { discardDraft, draftInputSchema, getDraft, saveDraft } from "@/lib/bots/drafts";

export const GET = withSession("admin", async (_req, { caller, params }) => {
  return NextResponse.json({ draft: await getDraft(caller.tenantId, params.id) });
});

export const PUT = withSession("admin", async (req, { caller, params }) => {
  const patch = draftInputSchema.parse(await readJson(req));
  return NextResponse.json({ draft: await saveDraft(caller.tenantId, params.id, patch) });
});

export const DELETE = withSession("admin", async (_req, { caller, params }) => {
  await discardDraft(caller.tenantId, params.id);
  return NextResponse.json({ draft: null });
});
