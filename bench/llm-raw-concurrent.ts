// The ceiling for step 4 of bench:llm: node-llama-cpp alone, 1, 4 and 8 sequences of one context generating at
// once (node-llama-cpp decodes them in one batch). Kefu's 8 ÷ 1 cannot beat this machine's own 8 ÷ 1.
import { getLlama, LlamaChat, LlamaLogLevel, type ChatHistoryItem } from "node-llama-cpp";

export type RawRound = {
  aggregateTokPerSec: number;
  decodeSumTokPerSec: number;
  wallMs: number;
  tokens: number;
  texts: string[];
};

/** One context of `sequences` sequences, loaded once; `run(level)` has `level` of them answer at once. */
export async function openRawConcurrent(modelPath: string, threads: number, sequences = 8) {
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: threads, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({
    sequences,
    threads,
    contextSize: Math.min(4096, model.trainContextSize),
  });
  const all = Array.from({ length: sequences }, () => context.getSequence());
  async function run(level: number, history: ChatHistoryItem[], maxTokens: number): Promise<RawRound> {
    const t0 = performance.now();
    const runs = await Promise.all(
      all.slice(0, level).map(async (sequence) => {
        await sequence.clearHistory();
        const chat = new LlamaChat({ contextSequence: sequence, autoDisposeSequence: false });
        const before = sequence.tokenMeter.usedOutputTokens;
        let first = 0;
        let last = 0;
        const res = await chat.generateResponse(history, {
          maxTokens,
          temperature: 0,
          onTextChunk: () => {
            last = performance.now();
            first ||= last;
          },
        });
        chat.dispose();
        const tokens = sequence.tokenMeter.usedOutputTokens - before;
        return {
          tokens,
          text: res.response,
          decode: tokens > 1 && last > first ? ((tokens - 1) * 1000) / (last - first) : 0,
        };
      }),
    );
    const wallMs = performance.now() - t0;
    const tokens = runs.reduce((s, r) => s + r.tokens, 0);
    return {
      aggregateTokPerSec: Math.round((tokens * 10_000) / wallMs) / 10,
      decodeSumTokPerSec: Math.round(runs.reduce((s, r) => s + r.decode, 0) * 10) / 10,
      wallMs: Math.round(wallMs),
      tokens,
      texts: runs.map((r) => r.text),
    };
  }
  const dispose = async () => {
    await context.dispose();
    await model.dispose();
  };
  return { run, dispose };
}

export async function benchRawConcurrent(
  modelPath: string,
  threads: number,
  history: ChatHistoryItem[],
  maxTokens: number,
) {
  const raw = await openRawConcurrent(modelPath, threads);
  const out: Record<string, { aggregateTokPerSec: number; decodeSumTokPerSec: number; wallMs: number }> = {};
  try {
    for (const level of [1, 4, 8]) {
      const { aggregateTokPerSec, decodeSumTokPerSec, wallMs } = await raw.run(level, history, maxTokens);
      out[level] = { aggregateTokPerSec, decodeSumTokPerSec, wallMs };
    }
  } finally {
    await raw.dispose();
  }
  return out;
}
