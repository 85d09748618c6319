import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { knowledgeChanged } from "./changes";
import { entrySelect } from "./entry-list";

export { createKnowledgeBase, deleteKnowledgeBase, listKnowledgeBases, renameKnowledgeBase } from "./bases";
export {
  bulkActionSchema,
  bulkEntries,
  countEntries,
  entryFacets,
  entryFilterSchema,
  listEntries,
  listEntryPage,
  type EntryFilter,
} from "./entry-list";

export const entryInputSchema = z.object({
  knowledgeBaseId: z.string().min(1).optional(),
  title: z.string().trim().min(1, "the title is empty").max(300),
  content: z.string().trim().min(1, "the content is empty").max(20000),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  enabled: z.boolean().default(true),
});
export type EntryInput = z.input<typeof entryInputSchema>;

export async function getEntry(tenantId: string, id: string) {
  const entry = await db().knowledgeEntry.findFirst({ where: { id, tenantId }, select: entrySelect });
  if (!entry) throw new KefuError("not_found", "No such knowledge entry");
  return entry;
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
    data: {
      tenantId,
      knowledgeBaseId: kb.id,
      title: data.title,
      content: data.content,
      tags: data.tags,
      enabled: data.enabled,
    },
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
