import os from "node:os";
import type { ChatHistoryItem } from "node-llama-cpp";
import { openRawConcurrent } from "../llm-raw-concurrent";
import { benchConcurrent } from "./e2e";
import { onInferenceCore } from "./pin";
import { fmt, log, median, round } from "./stats";

// 4 (interleaved). Kefu's aggregate tokens/s against node-llama-cpp alone at 1, 4 and 8 answers at once, taken in
// turn (raw, Kefu, Kefu, raw, … per level and round) so that the load other work puts on the machine hits both alike.
// Raw runs in this process with one context of as many sequences as the server has (KEFU_SEQUENCES), on the same
// core as the server's inference process (bench/llm/pin.ts). Each figure carries the 1-minute load average at its start.

type Point = {
  aggregateTokPerSec: number;
  decodeSumTokPerSec: number | null;
  wallMs: number;
  tokens: number;
  load1: number;
};

export async function benchConcurrencyInterleaved(opts: {
  modelPath: string;
  threads: number;
  sequences: number;
  url: string;
  botKey: string;
  history: ChatHistoryItem[];
  maxTokens: number;
  rounds: number;
  timeoutMs: number;
}) {
  const raw = await onInferenceCore(() => openRawConcurrent(opts.modelPath, opts.threads, opts.sequences));
  // BENCH_LEVELS=4: only some levels (to re-run one pair that looked off)
  const only = process.env.BENCH_LEVELS?.split(",").map(Number);
  const levels = [1, 4, 8].filter((l) => l <= opts.sequences && (!only || only.includes(l)));
  const out: Record<string, { raw: Point[]; kefu: Point[]; rawTexts: string[]; kefuFailed: number }> = {};
  const load1 = () => round(os.loadavg()[0], 2)!;
  try {
    for (let r = 0; r < opts.rounds; r++) {
      for (const level of levels) {
        const slot = (out[level] ??= { raw: [], kefu: [], rawTexts: [], kefuFailed: 0 });
        const runRaw = async () => {
          const l = load1();
          const x = await onInferenceCore(() => raw.run(level, opts.history, opts.maxTokens));
          slot.raw.push({
            aggregateTokPerSec: x.aggregateTokPerSec,
            decodeSumTokPerSec: x.decodeSumTokPerSec,
            wallMs: x.wallMs,
            tokens: x.tokens,
            load1: l,
          });
          if (!slot.rawTexts.length) slot.rawTexts = x.texts;
        };
        const runKefu = async () => {
          const l = load1();
          const x = await benchConcurrent(opts.url, opts.botKey, level, 1, opts.timeoutMs);
          const tokens = Math.round(((x.aggregateTokPerSec ?? 0) * (x.perRound[0]?.wallMs ?? 0)) / 1000);
          slot.kefu.push({
            aggregateTokPerSec: x.aggregateTokPerSec ?? 0,
            decodeSumTokPerSec: x.decodeSumTokPerSec,
            wallMs: x.perRound[0]?.wallMs ?? 0,
            tokens,
            load1: l,
          });
          slot.kefuFailed += x.failed;
        };
        // alternate which goes first, so neither always follows the other's warm caches
        if (r % 2 === 0) {
          await runRaw();
          await runKefu();
        } else {
          await runKefu();
          await runRaw();
        }
        const last = (xs: Point[]) => xs[xs.length - 1];
        log(
          `   ${String(level).padStart(2)} at once, round ${r + 1}: raw ${fmt(last(slot.raw).aggregateTokPerSec, " tok/s")} (load ${last(slot.raw).load1})   Kefu ${fmt(last(slot.kefu).aggregateTokPerSec, " tok/s")} (load ${last(slot.kefu).load1})`,
        );
      }
    }
  } finally {
    await raw.dispose();
  }
  const summary = Object.fromEntries(
    Object.entries(out).map(([level, s]) => {
      const rawMed = median(s.raw.map((p) => p.aggregateTokPerSec));
      const kefuMed = median(s.kefu.map((p) => p.aggregateTokPerSec));
      // pairs measured next to each other: the ratio of each pair, then the median of the ratios
      const pairRatios = s.raw
        .map((p, i) =>
          s.kefu[i] && p.aggregateTokPerSec ? (100 * s.kefu[i].aggregateTokPerSec) / p.aggregateTokPerSec : NaN,
        )
        .filter(Number.isFinite);
      return [
        level,
        {
          rawAggregateTokPerSec: round(rawMed, 1),
          kefuAggregateTokPerSec: round(kefuMed, 1),
          kefuPctOfRaw: rawMed ? round((100 * kefuMed!) / rawMed, 1) : null,
          kefuPctOfRawPairedMedian: round(median(pairRatios), 1),
          load1: { raw: s.raw.map((p) => p.load1), kefu: s.kefu.map((p) => p.load1) },
          kefuFailed: s.kefuFailed,
          raw: s.raw,
          kefu: s.kefu,
          rawText: s.rawTexts[0] ?? null,
        },
      ];
    }),
  );
  return summary;
}
