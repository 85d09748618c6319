import { z } from "zod";
import { readJson, withApiKey } from "@/lib/auth/caller";
import { entriesQuerySchema, entrySchema } from "@/lib/api/schemas";
import { dataResponse, queryOf } from "@/lib/api/respond";
import { createEntry, entryInputSchema, listEntries } from "@/lib/knowledge";

// GET /api/v1/knowledge/entries?q=&knowledgeBaseId=&tag=&enabled=&source=&limit=&offset= — the tenant's knowledge entries.
export const GET = withApiKey(async (req, { caller }) => {
  const { limit, offset, enabled, ...filter } = entriesQuerySchema.parse(queryOf(req));
  const entries = await listEntries(caller.tenantId, {
    ...filter,
    enabled: enabled === undefined ? undefined : enabled === "true",
    take: limit,
    skip: offset,
  });
  return dataResponse(z.array(entrySchema), entries);
});

// POST /api/v1/knowledge/entries — creates an entry (in the tenant's first knowledge base unless one is named).
export const POST = withApiKey(async (req, { caller }) => {
  const input = entryInputSchema.parse(await readJson(req));
  return dataResponse(entrySchema, await createEntry(caller.tenantId, input), 201);
});
