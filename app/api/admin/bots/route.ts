// GET /api/admin/bots — the caller's tenant's bots; POST { name, … } — a new bot (version 1, its own widget key).
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { listBots } from "@/lib/bots";
import { newBot, newBotSchema } from "@/lib/bots/manage";
import { botJson } from "./shape";

export const GET = withSession("admin", async (_req, { caller }) => {
  const bots = await listBots(caller.tenantId);
  return NextResponse.json({ bots: bots.map(botJson) });
});

export const POST = withSession("admin", async (req, { caller }) => {
  const input = newBotSchema.parse(await readJson(req));
  return NextResponse.json({ bot: botJson(await newBot(caller.tenantId, input, caller.name)) }, { status: 201 });
});
