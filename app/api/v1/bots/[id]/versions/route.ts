import { z } from "zod";
import { withApiKey } from "@/lib/auth/caller";
import { idParamSchema } from "@/lib/api/schemas";
import { botVersionSchema } from "@/lib/api/bot-schemas";
import { dataResponse } from "@/lib/api/respond";
import { getBot } from "@/lib/bots";
import { listVersions } from "@/lib/bots/versions";

// GET /api/v1/bots/:id/versions — the bot's history, newest first.
export const GET = withApiKey(async (_req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  await getBot(caller.tenantId, id);
  return dataResponse(z.array(botVersionSchema), await listVersions(caller.tenantId, id));
});
