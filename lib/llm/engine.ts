import path from "node:path";
import { withoutServerPaths } from "../errors";
import type { ChatHistoryItem } from "node-llama-cpp";
import { defaultThreads, envVar } from "../env";
import { metrics } from "../metrics";
import type { EngineStatus, GenerateOptions, GenerateResult } from "./types";
import { clock } from "./clock";
import { InferenceWorker, WorkerCrashedError } from "./worker-client";
import { restartDelayMs } from "../backoff";
import { log } from "../log";

export type { EngineStatus, GenerateOptions, GenerateResult };
export { WorkerCrashedError };

export class BusyError extends Error {
  constructor() {
    super("Every answer slot is busy and the queue is full");
    this.name = "BusyError";
  }
}

export class AnswerTimeoutError extends Error {
  constructor(ms: number) {
    super(`The answer took longer than ${ms} ms`);
    this.name = "AnswerTimeoutError";
  }
}

/**
 * The inference engine as the web server sees it. Generation happens in a supervised child process
 * (lib/llm/worker/main.ts), so a native crash, an out-of-memory or a hang never takes the server down: in-flight
 * answers fail at once (the caller answers with a fallback and offers a human) and the worker is restarted.
 * In front of it: a bounded FIFO queue (beyond it, BusyError), a per-answer time limit and a stall watchdog.
 * `load()` on a running engine is a hot swap: the new model loads in a new worker while the old one keeps
 * answering; new answers go to the new one once ready; answers in flight finish on the old one, then it exits.
 */
export class LlmEngine {
  status: EngineStatus = "none";
  modelId: string | undefined;
  modelPath: string | undefined;
  /** the LoRA adapter applied on top of the model, if any */
  loraPath: string | undefined;
  error: string | undefined;
  restarts = 0;
  lastCrash: { at: string; reason: string } | undefined;
  threads = defaultThreads();
  limits = {
    concurrency: envVar("KEFU_SEQUENCES"),
    queue: envVar("KEFU_QUEUE_LIMIT"),
    answerMs: envVar("KEFU_ANSWER_TIMEOUT_MS"),
    stallMs: envVar("KEFU_STALL_TIMEOUT_MS"),
  };
  private active: InferenceWorker | undefined;
  private draining = new Set<InferenceWorker>();
  private running = 0;
  private queue: { wake: () => void; at: number }[] = [];
  private generation = 0;
  private watchdog: NodeJS.Timeout | undefined;
  private stopped = false;

  get ready() {
    return this.status === "ready" && !!this.active;
  }

  get queueLength() {
    return this.queue.length;
  }

  /** How long the oldest waiting answer has waited for a slot. */
  get queueWaitMs() {
    return this.queue.length ? Date.now() - this.queue[0].at : 0;
  }

  get inFlight() {
    return this.running;
  }

  /** The worker serving new answers (tests and the Models page read its pid and memory). */
  get worker() {
    return this.active;
  }

  /** Loads a model; when one is loaded already, swaps to the new one without cutting any answer. */
  async load(modelPath: string, opts: { loraPath?: string } = {}): Promise<void> {
    this.stopped = false;
    const gen = ++this.generation;
    if (!this.active) this.status = "loading";
    const worker = new InferenceWorker(modelPath, path.basename(modelPath));
    try {
      await worker.load({ threads: this.threads, sequences: this.limits.concurrency, loraPath: opts.loraPath });
    } catch (err) {
      worker.kill();
      if (!this.active) {
        this.status = "failed";
        this.error = withoutServerPaths((err as Error).message);
      }
      throw err;
    }
    if (gen !== this.generation || this.stopped) {
      worker.kill(); // a newer load (or an unload) won
      return;
    }
    const previous = this.active;
    this.active = worker;
    this.modelPath = modelPath;
    this.loraPath = opts.loraPath;
    this.modelId = path.basename(modelPath, ".gguf");
    this.status = "ready";
    this.error = undefined;
    worker.onExit((reason) => this.crashed(worker, reason, opts));
    if (previous) this.retire(previous);
    this.watchdog ??= setInterval(() => this.checkStalls(), 1000).unref();
  }

  /** The old worker finishes what it has, then exits. */
  private retire(old: InferenceWorker) {
    this.draining.add(old);
    const check = setInterval(() => {
      if (old.inFlight === 0 || old.exited) {
        clearInterval(check);
        this.draining.delete(old);
        old.kill("SIGTERM");
      }
    }, 100);
  }

  private crashed(worker: InferenceWorker, reason: string, opts: { loraPath?: string }) {
    if (worker !== this.active || this.stopped) return;
    log.error(`inference process stopped (${reason}); restarting it`, { model: this.modelId });
    metrics().engineCrashes.inc();
    metrics().restarts.inc({ model: this.modelId ?? "unknown", process: "chat" });
    this.lastCrash = { at: new Date().toISOString(), reason };
    this.active = undefined;
    this.status = "failed";
    this.error = `The inference process stopped (${reason}); restarting`;
    const delay = restartDelayMs(this.restarts);
    this.restarts++;
    setTimeout(() => {
      if (this.stopped || this.active) return;
      this.load(worker.modelPath, opts).catch((err) =>
        log.error("inference restart failed", { model: this.modelId, err }),
      );
    }, delay).unref();
  }

  private checkStalls() {
    const w = this.active;
    // before its first token an answer may wait for its prompt, evaluated in one batch with the others' (8 prompts on
    // 1 slow core took 16 s): only the answer time limit bounds that; after it, a gap of stallMs means a hang
    if (w && w.inFlight > 0 && w.stalled(this.limits.stallMs, Math.max(this.limits.stallMs, this.limits.answerMs))) {
      log.error(`inference stalled for ${w.stalledFor()} ms: killing the worker`, { model: this.modelId });
      w.kill("SIGKILL");
    }
  }

  private async slot(signal?: AbortSignal) {
    if (this.running < this.limits.concurrency) {
      this.running++;
      return;
    }
    if (this.queue.length >= this.limits.queue) {
      metrics().engineBusy.inc();
      throw new BusyError();
    }
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        this.queue = this.queue.filter((w) => w !== entry);
        reject(signal?.reason ?? new Error("aborted"));
      };
      const entry = { wake, at: Date.now() };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(entry); // the slot is handed over by the finishing answer: `running` stays counted
    });
  }

  private release() {
    const next = this.queue.shift();
    if (next) next.wake();
    else this.running--;
  }

  async generate(history: ChatHistoryItem[], opts: GenerateOptions): Promise<GenerateResult> {
    if (!this.active) throw new Error("No model is loaded");
    const requested = clock(); // the answer trace's queue starts here: the wait for a slot is part of it
    await this.slot(opts.signal);
    // a cancelled answer hands its slot on at once (the worker's own queue covers the few ms it takes to stop), so
    // the visitor's newer question never finds the queue full of the answer it just cancelled
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      opts.signal?.removeEventListener("abort", release);
      this.release();
    };
    opts.signal?.addEventListener("abort", release, { once: true });
    try {
      const worker = this.active;
      if (!worker) throw new WorkerCrashedError("restarting");
      const limit = new AbortController();
      const timer = setTimeout(() => limit.abort(), this.limits.answerMs);
      const signal = opts.signal ? AbortSignal.any([opts.signal, limit.signal]) : limit.signal;
      const timedOut = () => limit.signal.aborted && !opts.signal?.aborted;
      try {
        const result = await worker.generate(history, { ...opts, signal });
        if (timedOut()) throw new AnswerTimeoutError(this.limits.answerMs);
        return { ...result, timings: { ...result.timings, requested } };
      } catch (err) {
        // the limit may strike before the worker wrote anything: then the worker rejects, and it is still a timeout
        if (timedOut() && !(err instanceof WorkerCrashedError)) throw new AnswerTimeoutError(this.limits.answerMs);
        throw err;
      } finally {
        clearTimeout(timer);
      }
    } finally {
      release();
    }
  }

  async unload() {
    this.stopped = true;
    this.generation++;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
    for (const w of [this.active, ...this.draining]) w?.kill("SIGTERM");
    this.active = undefined;
    this.draining.clear();
    this.status = "none";
  }
}

const g = globalThis as unknown as { __kefuEngine?: LlmEngine };
export function engine(): LlmEngine {
  g.__kefuEngine ??= new LlmEngine();
  return g.__kefuEngine;
}
