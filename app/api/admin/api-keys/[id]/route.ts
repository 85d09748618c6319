// DELETE /api/admin/api-keys/:id — revoke a key of the caller's tenant (401 from its next request); another tenant's id answers 404.
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { revokeApiKey } from "@/lib/tenants/api-keys";

export const DELETE = withSession("admin", async (_req, { caller, params }) => NextResponse.json(await revokeApiKey(caller.tenantId, params.id)));
