// GET / PUT /api/admin/bots/:id — one bot of the caller's tenant; another tenant's id answers 404 like a missing one.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { botInputSchema, getBot, updateBot } from "@/lib/bots";
import { botJson } from "../shape";

export const GET = withSession("admin", async (_req, { caller, params }) => {
  return NextResponse.json({ bot: botJson(await getBot(caller.tenantId, params.id)) });
});

export const PUT = withSession("admin", async (req, { caller, params }) => {
  const input = botInputSchema.parse(await readJson(req));
  return NextResponse.json({ bot: botJson(await updateBot(caller.tenantId, params.id, input)) });
});
