import { z } from "zod";
import { withApiKey } from "@/lib/auth/caller";
import { botSchema } from "@/lib/api/schemas";
import { dataResponse } from "@/lib/api/respond";
import { listBots } from "@/lib/bots";

// GET /api/v1/bots — the bots of the API key's tenant.
export const GET = withApiKey(async (_req, { caller }) => dataResponse(z.array(botSchema), await listBots(caller.tenantId)));
