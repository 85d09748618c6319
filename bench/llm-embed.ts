// bench:llm, embeddings: 64 short texts embedded by node-llama-cpp directly (getEmbeddingFor, one after the other)
// and by `embedMany` from `ai` over Kefu's embedding engine (its own process, one IPC round trip per batch).
import { embedMany } from "ai";
import { getLlama, LlamaLogLevel } from "node-llama-cpp";
import { EmbeddingEngine } from "../lib/llm/embedder";
import { createLlamaCppEmbeddingModel } from "../lib/llm/embedding-provider";

const TOPICS = [
  "shipping to Shanghai",
  "a refund for opened tea",
  "paying with Alipay",
  "storing green tea",
  "wholesale prices",
  "a broken tin",
  "gift wrapping",
  "opening hours",
];
export const EMBED_TEXTS = Array.from(
  { length: 64 },
  (_, i) => `Question ${i + 1}: what about ${TOPICS[i % TOPICS.length]}?`,
);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const r1 = (v: number) => Math.round(v * 10) / 10;

export async function benchEmbeddings(modelPath: string, threads: number, reps = 5) {
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: threads, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createEmbeddingContext({ contextSize: Math.min(4096, model.trainContextSize), threads });
  const engine = new EmbeddingEngine();
  engine.threads = threads;
  await engine.load(modelPath);
  const kefu = createLlamaCppEmbeddingModel(engine);
  const raw: number[] = [];
  const ours: number[] = [];
  let dimensions = 0;
  try {
    for (let i = 0; i < reps + 1; i++) {
      // interleaved, so background load on the machine hits both; the first round warms up and is not counted
      let t = performance.now();
      for (const text of EMBED_TEXTS) dimensions = (await context.getEmbeddingFor(text)).vector.length;
      const rawMs = performance.now() - t;
      t = performance.now();
      const { embeddings } = await embedMany({ model: kefu, values: EMBED_TEXTS });
      const kefuMs = performance.now() - t;
      if (embeddings.length !== EMBED_TEXTS.length)
        throw new Error(`embedMany returned ${embeddings.length} vectors for ${EMBED_TEXTS.length} texts`);
      if (i === 0) continue;
      raw.push((EMBED_TEXTS.length * 1000) / rawMs);
      ours.push((EMBED_TEXTS.length * 1000) / kefuMs);
    }
  } finally {
    await engine.unload();
    await context.dispose();
    await model.dispose();
  }
  const rawTextsPerSec = r1(median(raw));
  const kefuTextsPerSec = r1(median(ours));
  return {
    texts: EMBED_TEXTS.length,
    repetitions: reps,
    dimensions,
    rawTextsPerSec,
    kefuTextsPerSec,
    kefuPctOfRaw: r1((100 * kefuTextsPerSec) / rawTextsPerSec),
  };
}
