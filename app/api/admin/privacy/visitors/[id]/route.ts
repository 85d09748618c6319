import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { userActor } from "@/lib/api/actor";
import { eraseVisitorData } from "@/lib/privacy";

// DELETE /api/admin/privacy/visitors/:id — the inbox's "Erase visitor" after its confirm dialog; audited without PII.
export const DELETE = withSession("admin", async (req, { caller, params }) =>
  NextResponse.json(await eraseVisitorData(caller.tenantId, userActor(req, caller), params.id)),
);
