// GET / PUT /api/admin/inbox/routing — how waiting conversations reach agents: "auto" (least busy online agent) or "queue".
import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, withSession } from "@/lib/auth/caller";
import { getRoutingMode, routingModeSchema, setRoutingMode } from "@/lib/conversations/routing";

const bodySchema = z.object({ routingMode: routingModeSchema });

export const GET = withSession("admin", async (_req, { caller }) =>
  NextResponse.json({ routingMode: await getRoutingMode(caller.tenantId) }),
);

export const PUT = withSession("admin", async (req, { caller }) => {
  const { routingMode } = bodySchema.parse(await readJson(req));
  return NextResponse.json({ routingMode: await setRoutingMode(caller.tenantId, routingMode) });
});
