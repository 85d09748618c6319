import type { Hit } from "../knowledge/search";

// Retrieval adds `confidence` (0..1, comparable across questions) and `kind` to its hits; until then the BM25 score,
// which is already normalised to 0..1 by the question's coverage, stands in. The one place that reads them.
type ScoredHit = Hit & { confidence?: number; kind?: string };

export function hitConfidence(hit: Hit): number {
  const c = (hit as ScoredHit).confidence;
  return typeof c === "number" && Number.isFinite(c) ? Math.min(Math.max(c, 0), 1) : Math.min(Math.max(hit.score, 0), 1);
}

/** faq | doc; entries are FAQ unless imported from a document (the column's default). */
export function hitKind(hit: Hit): "faq" | "doc" {
  return (hit as ScoredHit).kind === "doc" ? "doc" : "faq";
}
