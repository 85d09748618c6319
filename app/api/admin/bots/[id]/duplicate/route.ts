// POST /api/admin/bots/:id/duplicate { name? } — a copy with the same behaviour and knowledge and a new widget key.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { duplicateBot, duplicateBotSchema } from "@/lib/bots/manage";
import { botJson } from "../../shape";

export const POST = withSession("admin", async (req, { caller, params }) => {
  const input = duplicateBotSchema.parse(await readJson(req));
  return NextResponse.json(
    { bot: botJson(await duplicateBot(caller.tenantId, params.id, input, caller.name)) },
    { status: 201 },
  );
});
