// GET / PUT /api/admin/settings/time-zone — the owners' Workspace page: the zone every console time is shown in.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { assertSameOrigin } from "@/lib/auth/origin";
import { userActor } from "@/lib/api/actor";
import { getTimeZone, setTimeZone, timeZoneInputSchema } from "@/lib/tenants/time-zone";

export const GET = withSession("owner", async (_req, { caller }) =>
  NextResponse.json(await getTimeZone(caller.tenantId)),
);

export const PUT = withSession("owner", async (req, { caller }) => {
  assertSameOrigin(req);
  const { timeZone } = timeZoneInputSchema.parse(await readJson(req));
  return NextResponse.json(await setTimeZone(caller.tenantId, userActor(req, caller), timeZone));
});
