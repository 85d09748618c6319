import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { knowledgeChanged } from "./changes";

export { createKnowledgeBase, deleteKnowledgeBase, listKnowledgeBases, renameKnowledgeBase } from "./bases";

export const entryInputSchema = z.object({
  knowledgeBaseId: z.string().min(1).optional(),
  title: z.string().trim().min(1, "the title is empty").max(300),
  content: z.string().trim().min(1, "the content is empty").max(20000),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  enabled: z.boolean().default(true),
});
export type EntryInput = z.input<typeof entryInputSchema>;

const entrySelect = {
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

export type EntryFilter = {
  knowledgeBaseId?: string;
  q?: string;
  tag?: string;
  enabled?: boolean;
  source?: string;
};

function entryWhere(tenantId: string, f: EntryFilter) {
  const q = f.q?.trim();
  return {
    tenantId,
    ...(f.knowledgeBaseId ? { knowledgeBaseId: f.knowledgeBaseId } : {}),
    ...(f.tag ? { tags: { has: f.tag } } : {}),
    ...(f.enabled !== undefined ? { enabled: f.enabled } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(q ? { OR: [{ title: { contains: q, mode: "insensitive" as const } }, { content: { contains: q, mode: "insensitive" as const } }] } : {}),
  };
}

export function listEntries(tenantId: string, opts: EntryFilter & { take?: number; skip?: number } = {}) {
  return db().knowledgeEntry.findMany({
    where: entryWhere(tenantId, opts),
    select: entrySelect,
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: Math.min(opts.take ?? 200, 1000),
    skip: opts.skip ?? 0,
  });
}

export function countEntries(tenantId: string, filter: EntryFilter = {}) {
  return db().knowledgeEntry.count({ where: entryWhere(tenantId, filter) });
}

export async function getEntry(tenantId: string, id: string) {
  const entry = await db().knowledgeEntry.findFirst({ where: { id, tenantId }, select: entrySelect });
  if (!entry) throw new KefuError("not_found", "No such knowledge entry");
  return entry;
}

/** The tags and sources in use, for the filters. */
export async function entryFacets(tenantId: string) {
  const [tags, sources] = await Promise.all([
    db().$queryRaw<{ tag: string }[]>`SELECT DISTINCT unnest(tags) AS tag FROM knowledge_entries WHERE tenant_id = ${tenantId} ORDER BY tag LIMIT 500`,
    db().knowledgeEntry.findMany({ where: { tenantId }, select: { source: true }, distinct: ["source"], orderBy: { source: "asc" }, take: 500 }),
  ]);
  return { tags: tags.map((t) => t.tag), sources: sources.map((s) => s.source) };
}

export const bulkActionSchema = z.object({
  ids: z.array(z.string().min(1).max(100)).min(1, "no entries selected").max(5000),
  action: z.enum(["enable", "disable", "delete"]),
});

/** Enables, disables or deletes many of the tenant's entries at once; ids of other tenants are ignored. */
export async function bulkEntries(tenantId: string, input: z.input<typeof bulkActionSchema>): Promise<{ count: number }> {
  const { ids, action } = bulkActionSchema.parse(input);
  const where = { tenantId, id: { in: ids } };
  const { count } =
    action === "delete"
      ? await db().knowledgeEntry.deleteMany({ where })
      : await db().knowledgeEntry.updateMany({ where, data: { enabled: action === "enable" } });
  if (count) await knowledgeChanged(tenantId);
  return { count };
}

/** Creates an entry in the given knowledge base of the tenant, or in its first one. */
export async function createEntry(tenantId: string, input: EntryInput) {
  const data = entryInputSchema.parse(input);
  const kb = await db().knowledgeBase.findFirst({
    where: { tenantId, ...(data.knowledgeBaseId ? { id: data.knowledgeBaseId } : {}) },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  if (!kb) throw new KefuError("not_found", "No such knowledge base");
  const entry = await db().knowledgeEntry.create({
    data: { tenantId, knowledgeBaseId: kb.id, title: data.title, content: data.content, tags: data.tags, enabled: data.enabled },
    select: entrySelect,
  });
  await knowledgeChanged(tenantId);
  return entry;
}

export async function updateEntry(tenantId: string, id: string, input: EntryInput) {
  const data = entryInputSchema.parse(input);
  if (data.knowledgeBaseId && !(await db().knowledgeBase.count({ where: { id: data.knowledgeBaseId, tenantId } }))) {
    throw new KefuError("not_found", "No such knowledge base");
  }
  const { count } = await db().knowledgeEntry.updateMany({
    where: { id, tenantId },
    data: {
      title: data.title,
      content: data.content,
      tags: data.tags,
      enabled: data.enabled,
      ...(data.knowledgeBaseId ? { knowledgeBaseId: data.knowledgeBaseId } : {}),
    },
  });
  if (!count) throw new KefuError("not_found", "No such knowledge entry");
  await knowledgeChanged(tenantId);
  return db().knowledgeEntry.findFirstOrThrow({ where: { id, tenantId }, select: entrySelect });
}

export async function deleteEntry(tenantId: string, id: string) {
  const { count } = await db().knowledgeEntry.deleteMany({ where: { id, tenantId } });
  if (!count) throw new KefuError("not_found", "No such knowledge entry");
  await knowledgeChanged(tenantId);
}

export const entryPatchSchema = z.object({
  knowledgeBaseId: z.string().min(1).optional(),
  title: z.string().trim().min(1, "the title is empty").max(300).optional(),
  content: z.string().trim().min(1, "the content is empty").max(20000).optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  enabled: z.boolean().optional(),
});

/** Changes only the fields given. */
export async function patchEntry(tenantId: string, id: string, patch: z.input<typeof entryPatchSchema>) {
  const current = await getEntry(tenantId, id);
  const data = entryPatchSchema.parse(patch);
  return updateEntry(tenantId, id, {
    title: data.title ?? current.title,
    content: data.content ?? current.content,
    tags: data.tags ?? current.tags,
    enabled: data.enabled ?? current.enabled,
    knowledgeBaseId: data.knowledgeBaseId,
  });
}
