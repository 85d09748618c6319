// GET /api/admin/bots — the caller's tenant's bots.
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { listBots } from "@/lib/bots";
import { botJson } from "./shape";

export const GET = withSession("admin", async (_req, { caller }) => {
  const bots = await listBots(caller.tenantId);
  return NextResponse.json({ bots: bots.map(botJson) });
});
