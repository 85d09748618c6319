import { z } from "zod";
import { readJson, withApiKey } from "@/lib/auth/caller";
import { hitSchema, searchBodySchema } from "@/lib/api/schemas";
import { dataResponse } from "@/lib/api/respond";
import { searchKnowledge } from "@/lib/knowledge/search";

// POST /api/v1/knowledge/search { query, k, knowledgeBaseIds? } — the tenant's enabled entries, best first (what
// the bot would cite). Search is scoped by the key's tenant, so another tenant's knowledge base ids find nothing.
export const POST = withApiKey(async (req, { caller }) => {
  const { query, k, knowledgeBaseIds } = searchBodySchema.parse(await readJson(req));
  return dataResponse(z.array(hitSchema), await searchKnowledge(caller.tenantId, { query, k, knowledgeBaseIds }));
});
