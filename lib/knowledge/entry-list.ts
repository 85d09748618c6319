import { z } from "zod";
import { db } from "../db/client";
import { knowledgeChanged } from "./changes";

export const entrySelect = {
  id: true,
  knowledgeBaseId: true,
  title: true,
  content: true,
  tags: true,
  enabled: true,
  source: true,
  kind: true,
  updatedAt: true,
} as const;

export const entryFilterSchema = z.object({
  knowledgeBaseId: z.string().min(1).max(100).optional(),
  q: z.string().trim().max(200).optional().describe("Words in the title or content, or a tag"),
  tag: z.string().min(1).max(40).optional(),
  enabled: z.boolean().optional(),
  source: z.string().min(1).max(2000).optional(),
});
export type EntryFilter = z.infer<typeof entryFilterSchema>;

function entryWhere(tenantId: string, f: EntryFilter) {
  const q = f.q?.trim();
  const text = { contains: q, mode: "insensitive" as const };
  return {
    tenantId,
    ...(f.knowledgeBaseId ? { knowledgeBaseId: f.knowledgeBaseId } : {}),
    ...(f.tag ? { tags: { has: f.tag } } : {}),
    ...(f.enabled !== undefined ? { enabled: f.enabled } : {}),
    ...(f.source ? { source: f.source } : {}),
    // a tag matches whole (as typed or lower-cased: tags are mostly written in lower case)
    ...(q
      ? { OR: [{ title: text }, { content: text }, { tags: { hasSome: [...new Set([q, q.toLowerCase()])] } }] }
      : {}),
  };
}

// newest first; the id breaks ties so pages never overlap or skip when many rows share a timestamp (an import)
const ORDER = [{ updatedAt: "desc" as const }, { id: "asc" as const }];

export function listEntries(tenantId: string, opts: EntryFilter & { take?: number; skip?: number } = {}) {
  return db().knowledgeEntry.findMany({
    where: entryWhere(tenantId, opts),
    select: entrySelect,
    orderBy: ORDER,
    take: Math.min(opts.take ?? 200, 1000),
    skip: opts.skip ?? 0,
  });
}

export function countEntries(tenantId: string, filter: EntryFilter = {}) {
  return db().knowledgeEntry.count({ where: entryWhere(tenantId, filter) });
}

/** One page of the tenant's entries matching the filter, with the total; a page past the end is the last one. */
export async function listEntryPage(
  tenantId: string,
  filter: EntryFilter,
  opts: { page?: number; pageSize?: number } = {},
) {
  const pageSize = Math.min(Math.max(1, Math.floor(opts.pageSize ?? 50) || 50), 200);
  const total = await countEntries(tenantId, filter);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1) || 1), pages);
  const entries = await listEntries(tenantId, { ...filter, take: pageSize, skip: (page - 1) * pageSize });
  return { entries, total, page, pages, pageSize };
}

/** The tags and sources in use, for the filters. */
export async function entryFacets(tenantId: string) {
  const [tags, sources] = await Promise.all([
    db().$queryRaw<
      { tag: string }[]
    >`SELECT DISTINCT unnest(tags) AS tag FROM knowledge_entries WHERE tenant_id = ${tenantId} ORDER BY tag LIMIT 500`,
    db().knowledgeEntry.findMany({
      where: { tenantId },
      select: { source: true },
      distinct: ["source"],
      orderBy: { source: "asc" },
      take: 500,
    }),
  ]);
  return { tags: tags.map((t) => t.tag), sources: sources.map((s) => s.source) };
}

export const bulkActionSchema = z
  .object({
    ids: z.array(z.string().min(1).max(100)).min(1, "no entries selected").max(5000).optional(),
    filter: entryFilterSchema
      .optional()
      .describe("Instead of ids: every entry matching this filter ({} is all of them)"),
    action: z.enum(["enable", "disable", "delete"]),
  })
  .refine((v) => (v.ids === undefined) !== (v.filter === undefined), {
    message: "give either ids or filter, not both",
    path: ["ids"],
  });

/**
 * Enables, disables or deletes many of the tenant's entries at once: the given ids (ids of other tenants are
 * ignored) or every entry matching a filter, so "all 3,000 matches" is one request rather than 3,000 ids.
 */
export async function bulkEntries(
  tenantId: string,
  input: z.input<typeof bulkActionSchema>,
): Promise<{ count: number }> {
  const { ids, filter, action } = bulkActionSchema.parse(input);
  const where = ids ? { tenantId, id: { in: ids } } : entryWhere(tenantId, filter!);
  const { count } =
    action === "delete"
      ? await db().knowledgeEntry.deleteMany({ where })
      : await db().knowledgeEntry.updateMany({ where, data: { enabled: action === "enable" } });
  if (count) await knowledgeChanged(tenantId);
  return { count };
}
