// POST /api/admin/knowledge/entries/bulk { ids | filter, action: enable | disable | delete } — within the caller's tenant only.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { bulkActionSchema, bulkEntries } from "@/lib/knowledge";

export const POST = withSession("admin", async (req, { caller }) => {
  const input = bulkActionSchema.parse(await readJson(req));
  return NextResponse.json(await bulkEntries(caller.tenantId, input));
});
