// GET /api/admin/knowledge/entries?q=&kb= — the tenant's entries; POST — adds one.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { createEntry, entryInputSchema, listEntries } from "@/lib/knowledge";
import { entryJson } from "./shape";

export const GET = withSession("admin", async (req, { caller }) => {
  const url = new URL(req.url);
  const entries = await listEntries(caller.tenantId, {
    q: url.searchParams.get("q")?.slice(0, 200) || undefined,
    knowledgeBaseId: url.searchParams.get("kb") || undefined,
  });
  return NextResponse.json({ entries: entries.map(entryJson) });
});

export const POST = withSession("admin", async (req, { caller }) => {
  const input = entryInputSchema.parse(await readJson(req));
  return NextResponse.json({ entry: entryJson(await createEntry(caller.tenantId, input)) }, { status: 201 });
});
