// GET /api/admin/webhooks — the tenant's webhooks; POST { url, events } — subscribe (the Webhooks settings page).
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { assertSameOrigin } from "@/lib/auth/origin";
import { createWebhook, listWebhooks, webhookInputSchema } from "@/lib/webhooks";

export const GET = withSession("admin", async (_req, { caller }) =>
  NextResponse.json({ webhooks: await listWebhooks(caller.tenantId) }),
);

export const POST = withSession("admin", async (req, { caller }) => {
  assertSameOrigin(req);
  const input = webhookInputSchema.parse(await readJson(req));
  return NextResponse.json({ webhook: await createWebhook(caller.tenantId, input) }, { status: 201 });
});
