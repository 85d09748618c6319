import { embedTexts, embeddingModelName } from "../llm";
import { KnowledgeIndex, type Hit } from "./retrieval/hybrid";
import { retrieval } from "./retrieval/registry";
import { log } from "../log";

export type { Hit };

/**
 * Searches the tenant's enabled entries (optionally only those of some knowledge bases): BM25 over jieba-segmented
 * Chinese and stemmed English, fused with the embedding model's vectors when the entries have them. Each hit carries
 * a `confidence` in 0..1 for the bot's thresholds (docs/knowledge.md, Retrieval).
 */
export async function searchKnowledge(
  tenantId: string,
  opts: { query: string; k?: number; knowledgeBaseIds?: string[] },
): Promise<Hit[]> {
  if (opts.knowledgeBaseIds && opts.knowledgeBaseIds.length === 0) return [];
  const { index } = await retrieval().index(tenantId);
  return index.search(opts.query, {
    k: opts.k,
    knowledgeBaseIds: opts.knowledgeBaseIds,
    queryVector: await queryVector(index, opts.query),
  });
}

/** The question's vector when the current embedding model's vectors count in the fusion; else BM25 alone. */
export async function queryVector(index: KnowledgeIndex, query: string) {
  const model = embeddingModelName();
  if (!model || !query.trim() || !(index.denseWeight(model) > 0)) return undefined;
  const res = await embedTexts([query], "query").catch((err: Error) => {
    log.warn(`embedding the question failed, BM25 alone: ${err.message}`);
    return null;
  });
  return res && res.model === model ? { model, vector: res.vectors[0] } : undefined;
}

/** BM25 over a few documents without a tenant (bench:llm builds its prompt this way). */
export function rankBm25(docs: { id: string; title: string; content: string }[], query: string, k: number): Hit[] {
  const index = new KnowledgeIndex();
  for (const d of docs) index.upsert({ ...d, knowledgeBaseId: "", tags: [], kind: "faq", updatedAt: 0 });
  return index.search(query, { k });
}
