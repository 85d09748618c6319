// GET /api/admin/knowledge/entries?q=&kb=&tag=&enabled=&source= — the tenant's entries; POST — adds one.
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/auth/caller";
import { createEntry, entryInputSchema, listEntries } from "@/lib/knowledge";
import { entryJson } from "./shape";

export const GET = withSession("admin", async (req, { caller }) => {
  const url = new URL(req.url);
  const param = (name: string) => url.searchParams.get(name)?.slice(0, 2000) || undefined;
  const enabled = param("enabled");
  const entries = await listEntries(caller.tenantId, {
    q: param("q")?.slice(0, 200),
    knowledgeBaseId: param("kb"),
    tag: param("tag"),
    source: param("source"),
    enabled: enabled === "true" ? true : enabled === "false" ? false : undefined,
  });
  return NextResponse.json({ entries: entries.map(entryJson) });
});

export const POST = withSession("admin", async (req, { caller }) => {
  const input = entryInputSchema.parse(await readJson(req));
  return NextResponse.json({ entry: entryJson(await createEntry(caller.tenantId, input)) }, { status: 201 });
});
