// GET / POST /api/admin/bots/:id/questions — the bot's saved question set for trying drafts.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { addQuestion, listQuestions, questionInputSchema } from "@/lib/bots/drafts";

export const GET = withSession("admin", async (_req, { caller, params }) => {
  return NextResponse.json({ questions: await listQuestions(caller.tenantId, params.id) });
});

export const POST = withSession("admin", async (req, { caller, params }) => {
  const input = questionInputSchema.parse(await readJson(req));
  return NextResponse.json({ question: await addQuestion(caller.tenantId, params.id, input) }, { status: 201 });
});
