import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { userActor } from "@/lib/api/actor";
import { exportVisitorData } from "@/lib/privacy";

// GET /api/admin/privacy/visitors/:id/export — the inbox's "Export data": the visitor's JSON as a download; audited.
export const GET = withSession("admin", async (req, { caller, params }) => {
  const data = await exportVisitorData(caller.tenantId, userActor(req, caller), params.id);
  return new NextResponse(JSON.stringify(data, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="visitor-${data.profile.id}.json"`,
    },
  });
});
