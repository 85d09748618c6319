import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { knowledgeChanged } from "./changes";

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
  updatedAt: true,
} as const;

export function listKnowledgeBases(tenantId: string) {
  return db().knowledgeBase.findMany({
    where: { tenantId },
    select: { id: true, name: true, _count: { select: { entries: true } } },
    orderBy: { createdAt: "asc" },
  });
}

export async function createKnowledgeBase(tenantId: string, name: string) {
  return db().knowledgeBase.create({ data: { tenantId, name }, select: { id: true, name: true } });
}

export function listEntries(tenantId: string, opts: { knowledgeBaseId?: string; q?: string; take?: number } = {}) {
  const q = opts.q?.trim();
  return db().knowledgeEntry.findMany({
    where: {
      tenantId,
      ...(opts.knowledgeBaseId ? { knowledgeBaseId: opts.knowledgeBaseId } : {}),
      ...(q ? { OR: [{ title: { contains: q, mode: "insensitive" } }, { content: { contains: q, mode: "insensitive" } }] } : {}),
    },
    select: entrySelect,
    orderBy: { updatedAt: "desc" },
    take: Math.min(opts.take ?? 200, 1000),
  });
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
