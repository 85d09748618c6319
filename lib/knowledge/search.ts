import { db } from "../db/client";
import { tokenize } from "./tokenize";

export type Hit = { id: string; title: string; content: string; score: number };

type Doc = { id: string; title: string; content: string; tokens: string[] };

/** BM25 over the documents; the title counts twice. Scores are normalised to 0..1 by the query's best possible. */
export function rankBm25(docs: Doc[], query: string, k: number): Hit[] {
  const q = [...new Set(tokenize(query))];
  if (!q.length || !docs.length) return [];
  const avg = docs.reduce((s, d) => s + d.tokens.length, 0) / docs.length;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d.tokens)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log(1 + (docs.length - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));
  const k1 = 1.2;
  const b = 0.75;
  const hits = docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of d.tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    let score = 0;
    let matched = 0;
    for (const t of q) {
      const f = tf.get(t) ?? 0;
      if (!f) continue;
      matched++;
      score += (idf(t) * f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.tokens.length) / avg));
    }
    // coverage of the question's words makes the score comparable across questions
    return { id: d.id, title: d.title, content: d.content, score: score > 0 ? (matched / q.length) * (score / (score + 2)) : 0 };
  });
  return hits
    .filter((h) => h.score > 0)
    .sort((a, b2) => b2.score - a.score)
    .slice(0, k)
    .map((h) => ({ ...h, score: Math.round(h.score * 1000) / 1000 }));
}

/** Searches the tenant's enabled entries (optionally only those of some knowledge bases). */
export async function searchKnowledge(tenantId: string, opts: { query: string; k?: number; knowledgeBaseIds?: string[] }): Promise<Hit[]> {
  if (opts.knowledgeBaseIds && opts.knowledgeBaseIds.length === 0) return [];
  const rows = await db().knowledgeEntry.findMany({
    where: { tenantId, enabled: true, ...(opts.knowledgeBaseIds ? { knowledgeBaseId: { in: opts.knowledgeBaseIds } } : {}) },
    select: { id: true, title: true, content: true },
  });
  const docs = rows.map((r) => ({ ...r, tokens: [...tokenize(r.title), ...tokenize(r.title), ...tokenize(r.content)] }));
  return rankBm25(docs, opts.query, Math.min(Math.max(opts.k ?? 3, 1), 20));
}
