// GET /api/admin/knowledge/bases — the tenant's knowledge bases; POST { name } — creates one.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { createKnowledgeBase, knowledgeBaseInputSchema, listKnowledgeBases } from "@/lib/knowledge/bases";

export const GET = withSession("admin", async (_req, { caller }) => {
  const bases = await listKnowledgeBases(caller.tenantId);
  return NextResponse.json({
    knowledgeBases: bases.map((b) => ({ id: b.id, name: b.name, entryCount: b.entryCount, bots: b.bots })),
  });
});

export const POST = withSession("admin", async (req, { caller }) => {
  const { name } = knowledgeBaseInputSchema.parse(await readJson(req));
  return NextResponse.json({ knowledgeBase: await createKnowledgeBase(caller.tenantId, name) }, { status: 201 });
});
