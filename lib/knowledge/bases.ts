import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { knowledgeChanged } from "./changes";

export const knowledgeBaseNameSchema = z
  .string()
  .trim()
  .min(1, "the name is empty")
  .max(80, "the name is longer than 80 characters");
export const knowledgeBaseInputSchema = z.object({ name: knowledgeBaseNameSchema });

/** The tenant's knowledge bases with their entry counts and the bots that use them, oldest first. */
export async function listKnowledgeBases(tenantId: string) {
  const rows = await db().knowledgeBase.findMany({
    where: { tenantId },
    select: {
      id: true,
      name: true,
      createdAt: true,
      _count: { select: { entries: true } },
      bots: { select: { bot: { select: { id: true, name: true } } } },
    },
    orderBy: { createdAt: "asc" },
  });
  // `_count` stays for the bot page, which reads it
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.createdAt,
    _count: r._count,
    entryCount: r._count.entries,
    bots: r.bots.map((b) => b.bot),
  }));
}

async function assertNameFree(tenantId: string, name: string, exceptId?: string) {
  const clash = await db().knowledgeBase.findFirst({
    where: { tenantId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new KefuError("conflict", `A knowledge base named "${name}" already exists`);
}

export async function createKnowledgeBase(tenantId: string, name: string) {
  const clean = knowledgeBaseNameSchema.parse(name);
  await assertNameFree(tenantId, clean);
  return db().knowledgeBase.create({
    data: { tenantId, name: clean },
    select: { id: true, name: true, createdAt: true },
  });
}

export async function renameKnowledgeBase(tenantId: string, id: string, name: string) {
  const clean = knowledgeBaseNameSchema.parse(name);
  await assertNameFree(tenantId, clean, id);
  const { count } = await db().knowledgeBase.updateMany({ where: { id, tenantId }, data: { name: clean } });
  if (!count) throw new KefuError("not_found", "No such knowledge base");
  return { id, name: clean };
}

/** Deletes a knowledge base with its entries and import history; bots that used it simply stop using it. */
export async function deleteKnowledgeBase(tenantId: string, id: string) {
  const { count } = await db().knowledgeBase.deleteMany({ where: { id, tenantId } });
  if (!count) throw new KefuError("not_found", "No such knowledge base");
  await knowledgeChanged(tenantId);
}
