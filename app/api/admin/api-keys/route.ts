// GET /api/admin/api-keys — the working keys (prefix, label, created, last used); POST { label } — a new key, shown once.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { assertSameOrigin } from "@/lib/auth/origin";
import { apiKeyLabelSchema, createApiKey, listApiKeys } from "@/lib/tenants/api-keys";

export const GET = withSession("admin", async (_req, { caller }) =>
  NextResponse.json({ keys: await listApiKeys(caller.tenantId) }),
);

export const POST = withSession("admin", async (req, { caller }) => {
  assertSameOrigin(req);
  const { label } = apiKeyLabelSchema.parse(await readJson(req));
  return NextResponse.json({ key: await createApiKey(caller.tenantId, label) }, { status: 201 });
});
