// POST /api/admin/playground — what the bot would do with a question: ranked entries, prompt, decision. Nothing stored.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { playgroundInputSchema, playgroundPlan } from "@/lib/answering/answer-playground";

export const POST = withSession("admin", async (req, { caller }) => {
  const input = playgroundInputSchema.parse(await readJson(req));
  return NextResponse.json(await playgroundPlan(caller.tenantId, input));
});
