import { z } from "zod";
import { readJson, withApiKey } from "@/lib/auth/caller";
import { knowledgeBaseSchema } from "@/lib/api/schemas";
import { dataResponse } from "@/lib/api/respond";
import { createKnowledgeBase, knowledgeBaseInputSchema, listKnowledgeBases } from "@/lib/knowledge/bases";

// GET /api/v1/knowledge/bases — the tenant's knowledge bases; POST { name } — creates one.
export const GET = withApiKey(async (_req, { caller }) => {
  return dataResponse(z.array(knowledgeBaseSchema), await listKnowledgeBases(caller.tenantId));
});

export const POST = withApiKey(async (req, { caller }) => {
  const { name } = knowledgeBaseInputSchema.parse(await readJson(req));
  const kb = await createKnowledgeBase(caller.tenantId, name);
  return dataResponse(knowledgeBaseSchema, { ...kb, entryCount: 0, bots: [] }, 201);
});
