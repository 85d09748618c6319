import fs from "node:fs";
import { withoutServerPaths } from "../errors";
import path from "node:path";
import { defaultThreads, envVar } from "../env";
import { metrics } from "../metrics";
import { modelsDir, readSettings, resolveModelFile } from "./settings";
import type { EngineStatus } from "./types";
import { InferenceWorker, WorkerCrashedError } from "./worker-client";
import { restartDelayMs } from "../backoff";
import { log } from "../log";
import { type EmbedAs, type EmbeddingPrefixes, embeddingPrefixes, isDedicatedEmbeddingModel } from "./gguf-kind";

export class EmbedTimeoutError extends Error {
  constructor(ms: number) {
    super(`Embedding took longer than ${ms} ms`);
    this.name = "EmbedTimeoutError";
  }
}

/**
 * The embedding model a server uses: KEFU_EMBEDDING_MODEL_PATH (the operator's choice, may be anywhere), else the
 * `embedding` file of models/settings.json when it is in the folder. None configured: no embeddings.
 */
export function configuredEmbeddingModel(): string | undefined {
  const configured = envVar("KEFU_EMBEDDING_MODEL_PATH");
  if (configured) return fs.existsSync(configured) ? path.resolve(configured) : undefined;
  try {
    const { embedding } = readSettings();
    if (!embedding) return undefined;
    const file = resolveModelFile(embedding, modelsDir());
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The embedding side of the engine: its own inference process (`--kefu-embedder`), apart from the chat model's, so a
 * crash of one never takes the other down. A killed or hung embedder fails the calls in flight (never a hang: each
 * request has a time limit, past which the process is killed) and restarts itself. `load()` while one runs is a hot
 * swap: calls in flight finish on the old model.
 */
export class EmbeddingEngine {
  status: EngineStatus = "none";
  modelPath: string | undefined;
  error: string | undefined;
  restarts = 0;
  lastCrash: { at: string; reason: string } | undefined;
  dimensions: number | undefined;
  /** made to embed (an encoder, or a pooling type in its metadata): its vectors count in retrieval without a test */
  dedicated = false;
  /** put before each text by what it is (e5: "query: " / "passage: "), read from the model at load */
  prefixes: EmbeddingPrefixes = { query: "", passage: "" };
  threads = defaultThreads();
  limits = { requestMs: envVar("KEFU_EMBED_TIMEOUT_MS"), batch: 32 };
  /** unloaded on purpose: do not start again on the next call */
  off = false;
  private active: InferenceWorker | undefined;
  private loading: Promise<void> | undefined;
  private generation = 0;
  private stopped = false;

  get ready() {
    return this.status === "ready" && !!this.active;
  }

  /** The model's file name, as stored next to each vector. */
  get modelName() {
    return this.modelPath ? path.basename(this.modelPath) : undefined;
  }

  get worker() {
    return this.active;
  }

  load(modelPath: string): Promise<void> {
    this.stopped = false;
    this.off = false;
    const run = this.loadNow(modelPath);
    this.loading = run;
    return run.finally(() => {
      if (this.loading === run) this.loading = undefined;
    });
  }

  private async loadNow(modelPath: string) {
    const gen = ++this.generation;
    if (!this.active) this.status = "loading";
    const worker = new InferenceWorker(modelPath, path.basename(modelPath), true);
    try {
      await worker.load({ threads: this.threads, sequences: 1 });
    } catch (err) {
      worker.kill();
      if (!this.active) {
        this.status = "failed";
        this.error = withoutServerPaths((err as Error).message);
      }
      throw err;
    }
    if (gen !== this.generation || this.stopped) {
      worker.kill();
      return;
    }
    const previous = this.active;
    this.active = worker;
    this.modelPath = modelPath;
    this.dedicated = isDedicatedEmbeddingModel(modelPath);
    this.prefixes = embeddingPrefixes(modelPath);
    this.dimensions = undefined;
    this.status = "ready";
    this.error = undefined;
    worker.onExit((reason) => this.crashed(worker, reason));
    if (previous) retire(previous);
  }

  /** Waits for a load under way (the first call after start may come before the model is ready). */
  async settled() {
    while (this.loading) await this.loading.catch(() => {}); // a failed load is logged by load() and answered to its caller
  }

  private crashed(worker: InferenceWorker, reason: string) {
    if (worker !== this.active || this.stopped) return;
    log.error(`embedding process stopped (${reason}); restarting it`);
    metrics().engineCrashes.inc();
    metrics().restarts.inc({ model: path.basename(worker.modelPath, ".gguf"), process: "embedding" });
    this.lastCrash = { at: new Date().toISOString(), reason };
    this.active = undefined;
    this.status = "failed";
    this.error = `The embedding process stopped (${reason}); restarting`;
    const delay = restartDelayMs(this.restarts);
    this.restarts++;
    setTimeout(() => {
      if (this.stopped || this.active) return;
      this.load(worker.modelPath).catch((err) => log.error("embedding restart failed", { err }));
    }, delay).unref();
  }

  /**
   * Vectors for the texts, in order, all from one model (a swap during the call does not mix two models' vectors).
   * Rejects when the process dies or hangs mid-request. `as` says what the texts are: questions (the default, as
   * e5 wants for text compared with text of its kind) or the entries searched.
   */
  async embed(
    texts: string[],
    as: EmbedAs = "query",
  ): Promise<{ model: string; vectors: Float32Array[]; tokens: number }> {
    const worker = this.active;
    const model = this.modelName;
    if (!worker || !model) throw new Error("No embedding model is loaded");
    const prefix = this.prefixes[as];
    if (prefix) texts = texts.map((t) => prefix + t);
    const vectors: Float32Array[] = [];
    let tokens = 0;
    for (let i = 0; i < texts.length; i += this.limits.batch) {
      const part = await this.request(worker, texts.slice(i, i + this.limits.batch));
      vectors.push(...part.vectors);
      tokens += part.tokens;
    }
    this.dimensions ??= vectors[0]?.length;
    return { model, vectors, tokens };
  }

  private async request(worker: InferenceWorker, texts: string[]) {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        log.error(`embedding took over ${this.limits.requestMs} ms: killing its process`);
        worker.kill("SIGKILL");
        reject(new EmbedTimeoutError(this.limits.requestMs));
      }, this.limits.requestMs);
    });
    try {
      return await Promise.race([worker.embed(texts), limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  async unload() {
    this.stopped = true;
    this.off = true;
    this.generation++;
    this.active?.kill("SIGTERM");
    this.active = undefined;
    this.status = "none";
  }
}

/** The old process finishes the requests it has, then exits. */
function retire(old: InferenceWorker) {
  const check = setInterval(() => {
    if (old.inFlight === 0 || old.exited) {
      clearInterval(check);
      old.kill("SIGTERM");
    }
  }, 100);
  check.unref();
}

// One per process, on globalThis: Next's route handlers and server.ts share the process but not the module graph.
const g = globalThis as unknown as { __kefuEmbedder?: EmbeddingEngine };
export function embedder(): EmbeddingEngine {
  g.__kefuEmbedder ??= new EmbeddingEngine();
  return g.__kefuEmbedder;
}

/** Starts the configured embedding model in this process unless it runs, loads or was unloaded on purpose. */
export async function ensureEmbedder(): Promise<EmbeddingEngine> {
  const e = embedder();
  if (e.status === "none" && !e.off) {
    const file = configuredEmbeddingModel();
    if (file)
      await e
        .load(file)
        .catch((err: Error) => log.error(`embedding model ${path.basename(file)} failed to load: ${err.message}`));
  }
  await e.settled();
  return e;
}

export { WorkerCrashedError };
