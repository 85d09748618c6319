// PUT / DELETE /api/admin/knowledge/entries/:id — looked up within the caller's tenant only.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { deleteEntry, entryInputSchema, updateEntry } from "@/lib/knowledge";
import { entryJson } from "../shape";

export const PUT = withSession("admin", async (req, { caller, params }) => {
  const input = entryInputSchema.parse(await readJson(req));
  return NextResponse.json({ entry: entryJson(await updateEntry(caller.tenantId, params.id, input)) });
});

export const DELETE = withSession("admin", async (_req, { caller, params }) => {
  await deleteEntry(caller.tenantId, params.id);
  return new NextResponse(null, { status: 204 });
});
