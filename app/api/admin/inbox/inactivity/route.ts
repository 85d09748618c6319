// GET / PUT /api/admin/inbox/inactivity — minutes of visitor silence after which a conversation closes itself (0: never).
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { getInactivityMinutes, inactivitySchema, setInactivityMinutes } from "@/lib/answering/inactivity";

export const GET = withSession("admin", async (_req, { caller }) =>
  NextResponse.json({ inactivityMinutes: await getInactivityMinutes(caller.tenantId) }),
);

export const PUT = withSession("admin", async (req, { caller }) => {
  const input = inactivitySchema.parse(await readJson(req));
  return NextResponse.json({ inactivityMinutes: await setInactivityMinutes(caller.tenantId, input) });
});
