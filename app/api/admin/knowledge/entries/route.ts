// GET /api/admin/knowledge/entries?q=&kb=&tag=&enabled=&source=&page=&pageSize= — one page of the tenant's entries
// with the total; POST — adds one.
import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, withSession } from "@/lib/auth/caller";
import { createEntry, entryInputSchema, listEntryPage } from "@/lib/knowledge";
import { entryJson } from "./shape";

const querySchema = z.object({
  q: z.string().max(200).optional(),
  kb: z.string().max(100).optional(),
  tag: z.string().max(40).optional(),
  source: z.string().max(2000).optional(),
  enabled: z.enum(["true", "false"]).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const GET = withSession("admin", async (req, { caller }) => {
  const params = Object.fromEntries([...new URL(req.url).searchParams].filter(([, v]) => v !== ""));
  const { q, kb, tag, source, enabled, page, pageSize } = querySchema.parse(params);
  const filter = {
    q: q?.trim() || undefined,
    knowledgeBaseId: kb,
    tag,
    source,
    enabled: enabled === undefined ? undefined : enabled === "true",
  };
  const result = await listEntryPage(caller.tenantId, filter, { page, pageSize });
  return NextResponse.json({ ...result, entries: result.entries.map(entryJson) });
});

export const POST = withSession("admin", async (req, { caller }) => {
  const input = entryInputSchema.parse(await readJson(req));
  return NextResponse.json({ entry: entryJson(await createEntry(caller.tenantId, input)) }, { status: 201 });
});
