// PATCH /api/admin/team/:userId { role?, maxChats?, active? } — one member of the caller's tenant; another tenant's id answers 404.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { assertSameOrigin } from "@/lib/auth/origin";
import { updateMember } from "@/lib/tenants/team";

export const PATCH = withSession("admin", async (req, { caller, params }) => {
  assertSameOrigin(req);
  return NextResponse.json({ member: await updateMember(caller.tenantId, caller, params.userId, await readJson(req)) });
});
