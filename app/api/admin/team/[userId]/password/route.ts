// POST /api/admin/team/:userId/password { access: "link"|"password" } — reset: sessions end, a new link or password shown once.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { assertSameOrigin } from "@/lib/auth/origin";
import { resetPassword } from "@/lib/tenants/invitations";

export const POST = withSession("admin", async (req, { caller, params }) => {
  assertSameOrigin(req);
  return NextResponse.json(await resetPassword(caller.tenantId, caller, params.userId, await readJson(req)));
});
