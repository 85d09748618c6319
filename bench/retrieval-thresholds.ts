// The confidence threshold per language: for each candidate threshold and language, what a bot with it would do with
// the labelled questions of bench/data — answer from the right entry, answer from a wrong one, or hand an in-scope
// question to a person — and how many out-of-scope questions it hands to a person (bench/README.md).

export type TopHit = { lang: string; inScope: boolean; right: boolean; confidence: number };

export const CANDIDATE_THRESHOLDS = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4];

const share = (n: number, of: number) => (of ? Math.round((1000 * n) / of) / 1000 : null);

export function thresholdSweep(tops: TopHit[], thresholds = CANDIDATE_THRESHOLDS) {
  const langs = [...new Set(tops.map((t) => t.lang))].sort();
  return Object.fromEntries(
    langs.map((lang) => {
      const inScope = tops.filter((t) => t.lang === lang && t.inScope);
      const outOfScope = tops.filter((t) => t.lang === lang && !t.inScope);
      const rows = thresholds.map((threshold) => {
        const answered = inScope.filter((t) => t.confidence >= threshold);
        return {
          threshold,
          answeredRight: share(answered.filter((t) => t.right).length, inScope.length),
          answeredWrong: share(answered.filter((t) => !t.right).length, inScope.length),
          handedAway: share(inScope.length - answered.length, inScope.length),
          outOfScopeToPerson: share(outOfScope.filter((t) => t.confidence < threshold).length, outOfScope.length),
        };
      });
      return [lang, { inScope: inScope.length, outOfScope: outOfScope.length, rows }];
    }),
  );
}

export function printSweep(sweep: ReturnType<typeof thresholdSweep>, current: number) {
  const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`.padStart(6));
  for (const [lang, s] of Object.entries(sweep)) {
    console.log(`  ${lang} (${s.inScope} in scope, ${s.outOfScope} out of scope):`);
    console.log("    threshold  answered right  answered wrong  handed away  out of scope to a person");
    for (const r of s.rows)
      console.log(
        `    ${r.threshold.toFixed(2)}${r.threshold === current ? "*" : " "}      ${pct(r.answeredRight)}          ${pct(r.answeredWrong)}          ${pct(r.handedAway)}       ${pct(r.outOfScopeToPerson)}`,
      );
  }
}
