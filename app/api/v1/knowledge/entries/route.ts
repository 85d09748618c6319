import { z } from "zod";
import { readJson, withApiKey } from "@/lib/auth/caller";
import { entriesQuerySchema, entrySchema } from "@/lib/api/schemas";
import { dataResponse, queryOf } from "@/lib/api/respond";
import { createEntry, entryInputSchema, listEntries } from "@/lib/knowledge";

// GET /api/v1/knowledge/entries?q=&knowledgeBaseId=&limit= — the tenant's knowledge entries.
export const GET = withApiKey(async (req, { caller }) => {
  const { q, knowledgeBaseId, limit } = entriesQuerySchema.parse(queryOf(req));
  return dataResponse(z.array(entrySchema), await listEntries(caller.tenantId, { q, knowledgeBaseId, take: limit }));
});

// POST /api/v1/knowledge/entries — creates an entry (in the tenant's first knowledge base unless one is named).
export const POST = withApiKey(async (req, { caller }) => {
  const input = entryInputSchema.parse(await readJson(req));
  return dataResponse(entrySchema, await createEntry(caller.tenantId, input), 201);
});
