// POST /api/admin/gaps/:id/entry — answer a gap: creates the knowledge entry and resolves the gap with it.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { answerGap, gapEntryInputSchema } from "@/lib/knowledge/gaps";

export const POST = withSession("admin", async (req, { caller, params }) => {
  const input = gapEntryInputSchema.parse(await readJson(req));
  const entry = await answerGap(caller.tenantId, params.id, input);
  return NextResponse.json({ entry }, { status: 201 });
});
