// GET /api/admin/gaps — the caller's tenant's open knowledge gaps (questions the bots could not answer), newest first.
import { NextResponse } from "next/server";
import { z } from "zod";
import { withSession } from "@/lib/auth/caller";
import { queryOf } from "@/lib/api/respond";
import { listOpenGaps } from "@/lib/knowledge/gaps";

const querySchema = z.object({ botId: z.string().min(1).max(100).optional() });

export const GET = withSession("admin", async (req, { caller }) => {
  const { botId } = querySchema.parse(queryOf(req));
  return NextResponse.json({ gaps: await listOpenGaps(caller.tenantId, { botId }) });
});
