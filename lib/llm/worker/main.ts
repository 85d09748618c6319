// The inference worker: a child process of the web server that owns node-llama-cpp. A native crash, an
// out-of-memory or a hang here ends this process only; lib/llm/engine.ts (chat) or lib/llm/embedder.ts (embeddings)
// answers the callers and restarts it. One process serves one model in one role.
import { clock } from "../clock";
import type { FromWorker, ToWorker } from "../types";
import { LocalEmbedder } from "./local-embedder";
import { LocalLlama } from "./local-llama";
import { envVar } from "../../env";

let llama: LocalLlama | undefined;
let embedder: LocalEmbedder | undefined;
const running = new Map<number, AbortController>();
const send = (m: FromWorker) => process.send?.(m);

// Token IPC coalescing: a chunk goes to the parent at once when none went out in the last COALESCE_MS; chunks that
// arrive faster are joined and sent when that time is up. The first token is never delayed, the last goes out as the
// answer ends, and a model slower than one token per COALESCE_MS sends every token as it comes. 0 turns it off.
// 50 ms (at most 20 updates a second, still smooth to read) because every message costs the web server, the
// visitor's and the agents' sockets a wake-up and a write: on a 2-core machine that CPU is taken from the model
// (a 100 tok/s model: 46 → 17 messages an answer, web server CPU 80–90 → 50 ms, the socket client 27 → 15 ms).
const COALESCE_MS = envVar("KEFU_TOKEN_COALESCE_MS");
type Outbox = { text: string; lastSent: number; timer?: NodeJS.Timeout };
function streamer(id: number) {
  const box: Outbox = { text: "", lastSent: 0 };
  const flush = () => {
    if (box.timer) clearTimeout(box.timer);
    box.timer = undefined;
    if (!box.text) return;
    send({ type: "chunk", id, text: box.text });
    box.text = "";
    box.lastSent = performance.now();
  };
  const push = (text: string) => {
    box.text += text;
    if (box.timer) return;
    const wait = COALESCE_MS - (performance.now() - box.lastSent);
    if (wait <= 0) flush();
    else box.timer = setTimeout(flush, wait);
  };
  return { push, flush };
}

process.on("message", async (m: ToWorker) => {
  if (m.type === "load") {
    try {
      if (m.embedding) {
        embedder = new LocalEmbedder(m.threads);
        await embedder.load(m.modelPath);
      } else {
        llama = new LocalLlama(m.threads, m.sequences);
        await llama.load(m.modelPath, m.loraPath);
      }
      send({ type: "loaded", rss: process.memoryUsage().rss });
    } catch (err) {
      send({ type: "load-error", message: (err as Error).message });
    }
  } else if (m.type === "generate") {
    const received = clock();
    const controller = new AbortController();
    running.set(m.id, controller);
    const out = streamer(m.id);
    try {
      if (!llama) throw new Error("No model is loaded");
      const result = m.probe
        ? await llama.probe(m.history, m.maxTokens)
        : await llama.generate(m.history, {
            maxTokens: m.maxTokens,
            temperature: m.temperature,
            signal: controller.signal,
            onText: out.push,
            received,
            cacheKey: m.cacheKey,
          });
      out.flush();
      send({ type: "done", id: m.id, result });
    } catch (err) {
      out.flush();
      send({ type: "error", id: m.id, message: (err as Error).message });
    } finally {
      running.delete(m.id);
    }
  } else if (m.type === "embed") {
    try {
      if (!embedder) throw new Error("No embedding model is loaded");
      const { vectors, tokens } = await embedder.embed(m.texts);
      send({ type: "embedded", id: m.id, vectors, tokens });
    } catch (err) {
      send({ type: "error", id: m.id, message: (err as Error).message });
    }
  } else if (m.type === "cancel") {
    running.get(m.id)?.abort();
  }
});

// the parent went away: nothing to serve
process.on("disconnect", () => process.exit(0));
