// GET /api/admin/canned — the tenant's canned replies (agents use them); POST — create one (admins).
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { createCanned, listCanned } from "@/lib/conversations/canned";

export const GET = withSession("agent", async (_req, { caller }) =>
  NextResponse.json({ canned: await listCanned(caller.tenantId) }),
);

export const POST = withSession("admin", async (req, { caller }) =>
  NextResponse.json({ canned: await createCanned(caller.tenantId, await readJson(req)) }, { status: 201 }),
);
