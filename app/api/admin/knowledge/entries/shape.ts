import type { listEntries } from "@/lib/knowledge";

type Entry = Awaited<ReturnType<typeof listEntries>>[number];

export function entryJson(e: Entry) {
  return {
    id: e.id,
    knowledgeBaseId: e.knowledgeBaseId,
    title: e.title,
    content: e.content,
    tags: e.tags,
    enabled: e.enabled,
    source: e.source,
    kind: e.kind,
    updatedAt: e.updatedAt.toISOString(),
  };
}
