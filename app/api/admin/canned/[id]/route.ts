// PUT / DELETE /api/admin/canned/:id — one canned reply of the caller's tenant; another tenant's id answers 404.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { deleteCanned, updateCanned } from "@/lib/conversations/canned";

export const PUT = withSession("admin", async (req, { caller, params }) =>
  NextResponse.json({ canned: await updateCanned(caller.tenantId, params.id, await readJson(req)) }),
);

export const DELETE = withSession("admin", async (_req, { caller, params }) => {
  await deleteCanned(caller.tenantId, params.id);
  return new NextResponse(null, { status: 204 });
});
