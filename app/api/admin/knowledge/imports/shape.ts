import type { ImportJobView } from "@/lib/knowledge/import";

export function jobJson(j: ImportJobView) {
  return { ...j, createdAt: j.createdAt.toISOString(), finishedAt: j.finishedAt?.toISOString() ?? null };
}
