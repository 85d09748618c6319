// PATCH /api/admin/webhooks/:id { url?, events?, active? }; DELETE — remove it (another tenant's id answers 404).
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { assertSameOrigin } from "@/lib/auth/origin";
import { idParamSchema } from "@/lib/api/schemas";
import { deleteWebhook, updateWebhook, webhookPatchSchema } from "@/lib/webhooks";

export const PATCH = withSession("admin", async (req, { caller, params }) => {
  assertSameOrigin(req);
  const { id } = idParamSchema.parse(params);
  const input = webhookPatchSchema.parse(await readJson(req));
  return NextResponse.json({ webhook: await updateWebhook(caller.tenantId, id, input) });
});

export const DELETE = withSession("admin", async (req, { caller, params }) => {
  assertSameOrigin(req);
  const { id } = idParamSchema.parse(params);
  await deleteWebhook(caller.tenantId, id);
  return NextResponse.json({ deleted: true });
});
