// How sure retrieval is that an entry answers a question, 0..1. The bot compares it with its confidence threshold
// (default 0.3: below it says it does not know and offers a human) and its fast-path threshold (default 0.85: the
// FAQ entry is the answer). docs/knowledge.md explains the design and bench/retrieval.ts measures it.

/**
 * From BM25: `coverage` is the share of the question's words (weighted by IDF) that the entry contains; `titleCoverage`
 * the share of the entry's title that the question contains; `norm` the BM25 score over the question's score against
 * itself. Coverage counts most (an entry missing the question's rare words does not answer it; the power 0.75 was chosen on
 * bench/data so that most in-scope questions clear 0.3 and out-of-scope ones do not); a question that is
 * the entry's title, or matches it as strongly as itself, scores 1.
 */
export function lexicalConfidence(coverage: number, titleCoverage: number, norm: number): number {
  return Math.pow(coverage, 0.75) * (0.45 + 0.55 * Math.max(titleCoverage, norm));
}

/**
 * A cosine similarity rescaled so that `baseline` (the mean cosine between two unrelated entries of the tenant, for
 * that model) is 0 and 1 is 1: a weak model, whose unrelated vectors are already close, contributes little.
 */
export function cosineConfidence(cos: number, baseline: number): number {
  if (baseline >= 1) return 0;
  return Math.min(1, Math.max(0, (cos - baseline) / (1 - baseline)));
}

/**
 * With vectors, the lexical evidence still leads and semantic similarity lifts it by at most a quarter of what is
 * left: a paraphrase sharing a few words with the entry clears the threshold, while vectors alone (which even a weak
 * model makes close for any two texts) never do.
 */
export function hybridConfidence(lexical: number, cosine: number): number {
  return lexical + 0.25 * (1 - lexical) * cosine;
}
