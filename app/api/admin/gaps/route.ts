// GET /api/admin/gaps?botId=&page=&pageSize= — one page of the caller's tenant's open knowledge gaps (questions the
// bots could not answer), most recently asked first, with the total.
import { NextResponse } from "next/server";
import { z } from "zod";
import { withSession } from "@/lib/auth/caller";
import { queryOf } from "@/lib/api/respond";
import { listOpenGapsPage } from "@/lib/knowledge/gaps";

const querySchema = z.object({
  botId: z.string().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const GET = withSession("admin", async (req, { caller }) => {
  const query = querySchema.parse(queryOf(req));
  return NextResponse.json(await listOpenGapsPage(caller.tenantId, query));
});
