// GET / PUT / PATCH / DELETE /api/admin/bots/:id — one bot of the caller's tenant; another tenant's id answers 404
// like a missing one. PUT saves the whole form, PATCH some fields (a rename); each change is a new version.
import { NextResponse } from "next/server";
import { closeConversation } from "@/lib/answering/actions";
import { readJson, withSession } from "@/lib/auth/caller";
import { queryOf } from "@/lib/api/respond";
import { botInputSchema, getBot, updateBot } from "@/lib/bots";
import { deleteBot, deleteBotQuerySchema } from "@/lib/bots/delete";
import { botPatchSchema, patchBot } from "@/lib/bots/manage";
import { botJson } from "../shape";

export const GET = withSession("admin", async (_req, { caller, params }) => {
  return NextResponse.json({ bot: botJson(await getBot(caller.tenantId, params.id)) });
});

export const PUT = withSession("admin", async (req, { caller, params }) => {
  const input = botInputSchema.parse(await readJson(req));
  const bot = await updateBot(caller.tenantId, params.id, input, { author: caller.name, action: "updated" });
  return NextResponse.json({ bot: botJson(bot) });
});

export const PATCH = withSession("admin", async (req, { caller, params }) => {
  const patch = botPatchSchema.parse(await readJson(req));
  return NextResponse.json({ bot: botJson(await patchBot(caller.tenantId, params.id, patch, caller.name)) });
});

export const DELETE = withSession("admin", async (req, { caller, params }) => {
  const { force } = deleteBotQuerySchema.parse(queryOf(req));
  return NextResponse.json({
    deleted: await deleteBot(caller.tenantId, params.id, { force: force === "true", closeConversation }),
  });
});
