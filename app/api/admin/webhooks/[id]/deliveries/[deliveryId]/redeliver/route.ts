// POST /api/admin/webhooks/:id/deliveries/:deliveryId/redeliver — "send again".
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { assertSameOrigin } from "@/lib/auth/origin";
import { deliveryParamsSchema } from "@/lib/api/schemas-webhooks";
import { redeliver } from "@/lib/webhooks";

export const POST = withSession("admin", async (req, { caller, params }) => {
  assertSameOrigin(req);
  const { id, deliveryId } = deliveryParamsSchema.parse(params);
  return NextResponse.json({ delivery: await redeliver(caller.tenantId, id, deliveryId) }, { status: 202 });
});
