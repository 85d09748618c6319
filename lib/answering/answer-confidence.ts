import type { Hit } from "../knowledge/search";

// The one place the answer rules read retrieval's confidence (0..1, comparable across questions) and entry kind.
export function hitConfidence(hit: Hit): number {
  return Number.isFinite(hit.confidence) ? Math.min(Math.max(hit.confidence, 0), 1) : 0;
}

/** faq | doc: only FAQ entries may be sent verbatim by the fast path (a document chunk is not an answer by itself). */
export function hitKind(hit: Hit): "faq" | "doc" {
  return hit.kind === "doc" ? "doc" : "faq";
}
