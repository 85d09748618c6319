import { z } from "zod";
import { withApiKey } from "@/lib/auth/caller";
import { idParamSchema } from "@/lib/api/schemas";
import { answerTraceSchema } from "@/lib/api/schemas-trace";
import { dataResponse } from "@/lib/api/respond";
import { answerTraces } from "@/lib/conversations/trace";

// GET /api/v1/conversations/:id/trace — every bot answer's stages, tokens and model, in order.
export const GET = withApiKey(async (_req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  return dataResponse(z.array(answerTraceSchema), await answerTraces(caller.tenantId, id));
});
