import { NextResponse } from "next/server";
import { readJson, withApiKey } from "@/lib/auth/caller";
import { entrySchema, idParamSchema } from "@/lib/api/schemas";
import { dataResponse } from "@/lib/api/respond";
import { deleteEntry, entryPatchSchema, getEntry, patchEntry } from "@/lib/knowledge";

// GET / PATCH / DELETE /api/v1/knowledge/entries/:id — looked up within the key's tenant; another tenant's id is a 404.
export const GET = withApiKey(async (_req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  return dataResponse(entrySchema, await getEntry(caller.tenantId, id));
});

export const PATCH = withApiKey(async (req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  const patch = entryPatchSchema.parse(await readJson(req));
  return dataResponse(entrySchema, await patchEntry(caller.tenantId, id, patch));
});

export const DELETE = withApiKey(async (_req, { caller, params }) => {
  const { id } = idParamSchema.parse(params);
  await deleteEntry(caller.tenantId, id);
  return new NextResponse(null, { status: 204 });
});
