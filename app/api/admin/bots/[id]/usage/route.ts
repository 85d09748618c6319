// GET /api/admin/bots/:id/usage — what deleting the bot would stop (shown in the delete dialog).
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { botUsage } from "@/lib/bots/delete";

export const GET = withSession("admin", async (_req, { caller, params }) => {
  return NextResponse.json({ usage: await botUsage(caller.tenantId, params.id) });
});
