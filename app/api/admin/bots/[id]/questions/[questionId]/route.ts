// DELETE /api/admin/bots/:id/questions/:questionId — takes a question out of the bot's set.
import { NextResponse } from "next/server";
import { withSession } from "@/lib/auth/caller";
import { deleteQuestion } from "@/lib/bots/drafts";

export const DELETE = withSession("admin", async (_req, { caller, params }) => {
  await deleteQuestion(caller.tenantId, params.id, params.questionId);
  return NextResponse.json({ deleted: true });
});
