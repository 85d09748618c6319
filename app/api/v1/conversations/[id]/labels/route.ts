import { z } from "zod";
import { readJson, withApiKey } from "@/lib/auth/caller";
import { idParamSchema } from "@/lib/api/schemas";
import { dataResponse } from "@/lib/api/respond";
import { changeLabels, labelsChangeSchema } from "@/lib/conversations/labels";

const labelsBodySchema = labelsChangeSchema.omit({ conversationId: true });

// POST /api/v1/conversations/:id/labels { add?, remove? } — the conversation's labels after the change.
export const POST = withApiKey(async (req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  const body = labelsBodySchema.parse(await readJson(req));
  return dataResponse(z.object({ labels: z.array(z.string()) }), {
    labels: await changeLabels(caller.tenantId, { ...body, conversationId: id }),
  });
});
