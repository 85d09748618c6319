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

// Where the vectors alone reach the default threshold 0.3: a rescaled cosine no out-of-scope question of bench/data
// reached with multilingual-e5-small (their highest: 0.31), while most cross-lingual questions' right entries do.
const SURE = 0.35;

/**
 * What the vectors add, 0..0.6 of what the lexical evidence leaves: a quarter of the rescaled cosine while the vectors
 * are unsure (a weak model makes any two texts close), then rising steeply, so that a hit the vectors are sure of
 * clears the threshold alone (an English question about a Chinese entry shares no word with it).
 */
export function vectorEvidence(cosine: number): number {
  if (cosine < 0.3) return 0.25 * Math.max(0, cosine);
  return Math.min(0.6, 0.075 + ((0.3 - 0.075) / (SURE - 0.3)) * (cosine - 0.3));
}

/**
 * With vectors, the lexical evidence still leads and the vectors lift it by their evidence: a paraphrase sharing a
 * few words with the entry clears the threshold, and so does a hit the vectors alone are sure of.
 */
export function hybridConfidence(lexical: number, cosine: number): number {
  return lexical + (1 - lexical) * vectorEvidence(cosine);
}
