// The inference worker: a child process of the web server that owns node-llama-cpp. A native crash, an
// out-of-memory or a hang here ends this process only; lib/llm/engine.ts answers the visitors and restarts it.
import type { FromWorker, ToWorker } from "../types";
import { LocalLlama } from "./local-llama";

let llama: LocalLlama | undefined;
const running = new Map<number, AbortController>();
const send = (m: FromWorker) => process.send?.(m);

process.on("message", async (m: ToWorker) => {
  if (m.type === "load") {
    try {
      llama = new LocalLlama(m.threads, m.sequences);
      await llama.load(m.modelPath, m.loraPath);
      send({ type: "loaded", rss: process.memoryUsage().rss });
    } catch (err) {
      send({ type: "load-error", message: (err as Error).message });
    }
  } else if (m.type === "generate") {
    const controller = new AbortController();
    running.set(m.id, controller);
    try {
      if (!llama) throw new Error("No model is loaded");
      const result = await llama.generate(m.history, {
        maxTokens: m.maxTokens,
        temperature: m.temperature,
        signal: controller.signal,
        onText: (text) => send({ type: "chunk", id: m.id, text }),
      });
      send({ type: "done", id: m.id, result });
    } catch (err) {
      send({ type: "error", id: m.id, message: (err as Error).message });
    } finally {
      running.delete(m.id);
    }
  } else if (m.type === "cancel") {
    running.get(m.id)?.abort();
  }
});

// the parent went away: nothing to serve
process.on("disconnect", () => process.exit(0));
