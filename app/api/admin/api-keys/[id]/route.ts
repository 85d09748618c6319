// DELETE /api/admin/api-keys/:id — revoke a key of the caller's tenant (401 from its next request); another tenant's id answers 404.
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { assertSameOrigin } from "@/lib/auth/origin";
import { revokeApiKey } from "@/lib/tenants/api-keys";

export const DELETE = withSession("admin", async (req, { caller, params }) => {
  assertSameOrigin(req);
  return NextResponse.json(await revokeApiKey(caller.tenantId, params.id));
});
