import { z } from "zod";
import { readJson, withApiKey } from "@/lib/auth/caller";
import { botSchema } from "@/lib/api/schemas";
import { dataResponse } from "@/lib/api/respond";
import { listBots } from "@/lib/bots";
import { newBot, newBotSchema } from "@/lib/bots/manage";

// GET /api/v1/bots — the bots of the API key's tenant; POST { name, … } — a new bot with its widget key.
export const GET = withApiKey(async (_req, { caller }) =>
  dataResponse(z.array(botSchema), await listBots(caller.tenantId)),
);

export const POST = withApiKey(async (req, { caller }) => {
  const input = newBotSchema.parse(await readJson(req));
  return dataResponse(botSchema, await newBot(caller.tenantId, input, "API key"), 201);
});
