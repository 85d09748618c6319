import { z } from "zod";
import { withSession } from "@/lib/auth/caller";
import { idParamSchema } from "@/lib/api/schemas";
import { answerTraceSchema } from "@/lib/api/schemas-trace";
import { dataResponse } from "@/lib/api/respond";
import { answerTraces } from "@/lib/conversations/trace";

// GET /api/admin/conversations/:id/trace — the inbox's answer traces. Admins and owners only: timings, tokens and
// model names are for whoever runs the bots and the machine, not for the agents answering visitors.
export const GET = withSession("admin", async (_req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  return dataResponse(z.array(answerTraceSchema), await answerTraces(caller.tenantId, id));
});
