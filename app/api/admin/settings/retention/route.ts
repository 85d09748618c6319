// GET / PUT /api/admin/settings/retention — the owners' Data retention page: days a closed conversation is kept.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { assertSameOrigin } from "@/lib/auth/origin";
import { userActor } from "@/lib/api/actor";
import { getRetentionDays, retentionInputSchema, setRetentionDays } from "@/lib/privacy/retention";

// owners only, like the CLI's operator: it deletes conversations for good, which admins cannot undo or see coming
export const GET = withSession("owner", async (_req, { caller }) =>
  NextResponse.json({ retentionDays: await getRetentionDays(caller.tenantId) }),
);

export const PUT = withSession("owner", async (req, { caller }) => {
  assertSameOrigin(req);
  const { retentionDays } = retentionInputSchema.parse(await readJson(req));
  return NextResponse.json(await setRetentionDays(caller.tenantId, userActor(req, caller), retentionDays));
});
