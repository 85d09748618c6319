// Shared helpers of the LLM bench: clocks, rounding, percentiles, printing, and the per-run sample summary.
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const now = () => performance.now();
export const round = (v: number | null | undefined, d = 1) =>
  v == null || !Number.isFinite(v) ? null : Math.round(v * 10 ** d) / 10 ** d;
export function percentile(values: number[], p: number): number | null {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return null;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}
export const median = (values: number[]) => percentile(values, 50);
/** Decode rate: tokens after the first one over the time between the first and the last chunk. */
export const decodeRate = (tokens: number, firstMs: number, lastMs: number) =>
  tokens > 1 && lastMs > firstMs ? ((tokens - 1) * 1000) / (lastMs - firstMs) : NaN;

/** Clock of one streamed answer: `chunk()` on every chunk, `sample()` at the end (t0 = when the clock was made). */
export function chunkClock() {
  const t0 = now();
  let first = 0;
  let last = 0;
  let chunks = 0;
  return {
    /** Returns true for the first chunk. */
    chunk() {
      last = now();
      chunks++;
      if (first) return false;
      first = last;
      return true;
    },
    sample: (tokens: number, text: string): Sample => ({
      ttftMs: first - t0,
      tokens,
      tokPerSec: decodeRate(tokens, first, last),
      totalMs: now() - t0,
      chunks,
      chars: text.length,
      text,
    }),
  };
}
export const log = (m = "") => console.log(m);
export const fmt = (v: number | null | undefined, unit = "", d = 1) =>
  v == null || !Number.isFinite(v) ? "n/a" : `${v.toFixed(d)}${unit}`;

export type Sample = {
  ttftMs: number;
  tokens: number;
  tokPerSec: number;
  totalMs: number;
  chunks: number;
  chars: number;
  text: string;
};
export type Summary = {
  ttftMs: number | null;
  ttftMinMs: number | null;
  tokPerSec: number | null;
  tokPerSecMax: number | null;
  tokens: number | null;
  totalMs: number | null;
  samples: Sample[];
};
export const summarize = (s: Sample[]): Summary => ({
  ttftMs: round(median(s.map((x) => x.ttftMs)), 2),
  ttftMinMs: round(Math.min(...s.map((x) => x.ttftMs)), 2),
  tokPerSecMax: round(Math.max(...s.map((x) => x.tokPerSec).filter(Number.isFinite)), 1),
  tokPerSec: round(median(s.map((x) => x.tokPerSec)), 1),
  tokens: median(s.map((x) => x.tokens)),
  totalMs: round(median(s.map((x) => x.totalMs)), 1),
  samples: s.map((x) => ({
    ...x,
    ttftMs: round(x.ttftMs, 2)!,
    tokPerSec: round(x.tokPerSec, 1)!,
    totalMs: round(x.totalMs, 1)!,
  })),
});
