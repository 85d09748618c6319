const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const STOP = new Set(["the", "a", "an", "is", "are", "to", "of", "and", "or", "in", "on", "for", "do", "does", "i", "you", "my", "your", "it", "can", "how", "what", "be", "me", "with", "at", "we"]);

/** Light English stemming: enough to match "refunds"/"refund", "shipping"/"ship". */
function stem(w: string): string {
  for (const suffix of ["ing", "ed", "es", "s"]) {
    if (w.length > suffix.length + 2 && w.endsWith(suffix)) return w.slice(0, -suffix.length);
  }
  return w;
}

/**
 * Word tokens for retrieval: English lower-cased and stemmed; Chinese as single characters and bigrams, so
 * "退货" matches without a dictionary.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const run of text.toLowerCase().normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (CJK.test(run)) {
      const chars = [...run].filter((c) => CJK.test(c));
      for (let i = 0; i < chars.length; i++) {
        out.push(chars[i]);
        if (i + 1 < chars.length) out.push(chars[i] + chars[i + 1]);
      }
      const latin = run.replace(/[\u3400-\u9fff\uf900-\ufaff]+/g, " ").trim();
      if (latin) out.push(...tokenize(latin));
    } else if (!STOP.has(run)) {
      out.push(stem(run));
    }
  }
  return out;
}
