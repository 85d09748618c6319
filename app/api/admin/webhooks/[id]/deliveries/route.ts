// GET /api/admin/webhooks/:id/deliveries — the delivery log, newest first.
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { idParamSchema } from "@/lib/api/schemas";
import { listDeliveries } from "@/lib/webhooks";

export const GET = withSession("admin", async (_req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  return NextResponse.json({ deliveries: await listDeliveries(caller.tenantId, id) });
});
