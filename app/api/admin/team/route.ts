// GET /api/admin/team — the members; POST { email, name, role, access: "link"|"password" } — add one (owners, admins).
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { assertSameOrigin } from "@/lib/auth/origin";
import { addMember, listTeam } from "@/lib/tenants/team";

export const GET = withSession("admin", async (_req, { caller }) =>
  NextResponse.json({ members: await listTeam(caller.tenantId) }),
);

export const POST = withSession("admin", async (req, { caller }) => {
  assertSameOrigin(req);
  return NextResponse.json(await addMember(caller.tenantId, caller, await readJson(req)), { status: 201 });
});
