// PUT { name } / DELETE /api/admin/knowledge/bases/:id — renames or deletes (with its entries) one of the tenant's bases.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { deleteKnowledgeBase, knowledgeBaseInputSchema, renameKnowledgeBase } from "@/lib/knowledge/bases";

export const PUT = withSession("admin", async (req, { caller, params }) => {
  const { name } = knowledgeBaseInputSchema.parse(await readJson(req));
  return NextResponse.json({ knowledgeBase: await renameKnowledgeBase(caller.tenantId, params.id, name) });
});

export const DELETE = withSession("admin", async (_req, { caller, params }) => {
  await deleteKnowledgeBase(caller.tenantId, params.id);
  return new NextResponse(null, { status: 204 });
});
