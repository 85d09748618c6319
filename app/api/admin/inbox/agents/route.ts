// GET /api/admin/inbox/agents — the team with open conversations and limits; PUT { userId, maxChats } — an agent's limit.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { maxChatsSchema, setMaxChats, teamLoad } from "@/lib/conversations/routing";

export const GET = withSession("admin", async (_req, { caller }) =>
  NextResponse.json({ agents: await teamLoad(caller.tenantId) }),
);

export const PUT = withSession("admin", async (req, { caller }) =>
  NextResponse.json(await setMaxChats(caller.tenantId, maxChatsSchema.parse(await readJson(req)))),
);
