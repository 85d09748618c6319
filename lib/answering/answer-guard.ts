// Output guard: an answer that reads back a long enough run of the bot's instructions (any N consecutive words, or
// N Han characters) is stopped before that delta reaches the visitor. Runs that also appear in the knowledge given
// to the model are allowed, since quoting the knowledge is the point.
export const GUARD_NGRAM = 8;

function tokens(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\u3400-\u9fff\uf900-\ufaff]|[\p{L}\p{N}]+/gu) ?? []
  );
}

function ngrams(toks: string[], n: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= toks.length; i++) out.add(toks.slice(i, i + n).join(" "));
  return out;
}

export type AnswerGuard = { push(delta: string): boolean; readonly tripped: boolean };

/** `push` returns false (and stays false) from the delta that would complete a forbidden run. */
export function createAnswerGuard(secret: string, allowed = "", n = GUARD_NGRAM): AnswerGuard {
  const forbidden = ngrams(tokens(secret), n);
  for (const g of ngrams(tokens(allowed), n)) forbidden.delete(g);
  let text = "";
  let tripped = false;
  return {
    get tripped() {
      return tripped;
    },
    push(delta: string) {
      if (tripped) return false;
      const before = text.length;
      text += delta;
      if (!forbidden.size) return true;
      // only runs that end in the new text can be new; a tail of the old text covers runs that straddle the seam
      const from = Math.max(0, before - 64 * n);
      for (const g of ngrams(tokens(text.slice(from)), n)) {
        if (forbidden.has(g)) return !(tripped = true);
      }
      return true;
    },
  };
}

/** The same check on a finished text. */
export function leaksSecret(secret: string, answer: string, allowed = "", n = GUARD_NGRAM): boolean {
  return !createAnswerGuard(secret, allowed, n).push(answer);
}
