// GET /api/admin/model-health?hours=1..24 — a card per loaded model with its history (lib/llm/health.ts): the process
// figures are the server's, the answers, errors and first-token times only this workspace's.
import { NextResponse } from "next/server";
import { z } from "zod";
import { withSession } from "@/lib/auth/caller";
import { modelHealth } from "@/lib/llm/health";

const querySchema = z.object({
  hours: z.coerce
    .number()
    .int("hours must be a whole number")
    .min(1, "hours must be 1 to 24")
    .max(24, "hours must be 1 to 24")
    .default(24),
});

export const GET = withSession("admin", async (req, { caller }) => {
  const { hours } = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return NextResponse.json(modelHealth(caller.tenantId, hours), { headers: { "cache-control": "no-store" } });
});
