import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { ChatHistoryItem } from "node-llama-cpp";
import { clock } from "./clock";
import { inferenceCpus, pinProcess } from "./cpu-pin";
import type { FromWorker, GenerateOptions, GenerateResult, ToWorker } from "./types";

type PendingEmbed = { resolve: (r: { vectors: Float32Array[]; tokens: number }) => void; reject: (e: Error) => void };

type Pending = {
  opts: GenerateOptions;
  resolve: (r: GenerateResult) => void;
  reject: (e: Error) => void;
  lastActivity: number;
  sent: number;
  firstChunk?: number;
};

export class WorkerCrashedError extends Error {
  constructor(reason: string) {
    super(`The inference process stopped (${reason})`);
    this.name = "WorkerCrashedError";
  }
}

const WORKER_ENTRY = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "lib", "llm", "worker", "main.ts");

/**
 * One inference child process with one loaded model. An embedding worker (`embedding: true`) is named
 * `--kefu-embedder=…` rather than `--kefu-worker=…` and does not keep its parent alive while idle: a CLI command or a
 * test that embedded a few texts still exits when it is done.
 */
export class InferenceWorker {
  readonly child: ChildProcess;
  rss = 0;
  exited = false;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private embeds = new Map<number, PendingEmbed>();
  private onLoad?: { resolve: () => void; reject: (e: Error) => void };
  private exitListeners: ((reason: string) => void)[] = [];

  constructor(
    readonly modelPath: string,
    readonly label: string,
    readonly embedding = false,
  ) {
    this.child = fork(WORKER_ENTRY, [`--kefu-${embedding ? "embedder" : "worker"}=${label}`], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      serialization: "advanced",
    });
    this.child.on("message", (m: FromWorker) => this.receive(m));
    this.child.on("exit", (code, signal) => this.fail(signal ? `signal ${signal}` : `exit code ${code}`));
    this.child.on("error", (err) => this.fail(err.message));
    if (embedding) this.child.unref();
    const cpus = inferenceCpus();
    this.pinned = cpus && this.child.pid ? pinProcess(this.child.pid, cpus) : Promise.resolve(false);
  }
  /** Settles once KEFU_INFERENCE_CPUS applies (before the model's threads exist). */
  private pinned: Promise<boolean>;

  /** An embedding worker holds its parent's event loop only while someone waits for it. */
  private hold() {
    if (!this.embedding) return;
    const channel = this.child.channel as { ref(): void; unref(): void } | undefined;
    if (this.onLoad || this.embeds.size) channel?.ref();
    else channel?.unref();
  }

  get pid() {
    return this.child.pid;
  }

  get inFlight() {
    return this.pending.size + this.embeds.size;
  }

  /** Milliseconds since the oldest running generation last produced anything. */
  stalledFor(now = Date.now()) {
    let oldest = now;
    for (const p of this.pending.values()) oldest = Math.min(oldest, p.lastActivity);
    return now - oldest;
  }

  /** Whether a running answer looks hung: no token for `stallMs` since its last one, or none at all within `firstTokenMs`. */
  stalled(stallMs: number, firstTokenMs: number, now = Date.now()) {
    for (const p of this.pending.values())
      if (now - p.lastActivity > (p.firstChunk ? stallMs : firstTokenMs)) return true;
    return false;
  }

  onExit(fn: (reason: string) => void) {
    this.exitListeners.push(fn);
  }

  load(opts: { threads: number; sequences: number; loraPath?: string }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.onLoad = { resolve, reject };
      this.hold();
      void this.pinned.then(() =>
        this.send({ type: "load", modelPath: this.modelPath, embedding: this.embedding, ...opts }),
      );
    }).finally(() => {
      this.onLoad = undefined;
      this.hold();
    });
  }

  /** Embeds the texts in one round trip: L2-normalised vectors in the texts' order. */
  embed(texts: string[]): Promise<{ vectors: Float32Array[]; tokens: number }> {
    if (this.exited) return Promise.reject(new WorkerCrashedError("not running"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const done =
        <T>(fn: (v: T) => void) =>
        (v: T) => {
          this.embeds.delete(id);
          this.hold();
          fn(v);
        };
      this.embeds.set(id, { resolve: done(resolve), reject: done(reject) });
      this.hold();
      this.send({ type: "embed", id, texts });
    });
  }

  generate(history: ChatHistoryItem[], opts: GenerateOptions): Promise<GenerateResult> {
    if (this.exited) return Promise.reject(new WorkerCrashedError("not running"));
    // an abort listener added now would never fire: without this the worker would write the whole answer
    if (opts.signal?.aborted) return Promise.reject(opts.signal.reason ?? new Error("aborted"));
    const id = this.nextId++;
    return new Promise<GenerateResult>((resolve, reject) => {
      const onAbort = () => this.send({ type: "cancel", id });
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      const done =
        <T>(fn: (v: T) => void) =>
        (v: T) => {
          opts.signal?.removeEventListener("abort", onAbort);
          this.pending.delete(id);
          fn(v);
        };
      this.pending.set(id, {
        opts,
        resolve: done(resolve),
        reject: done(reject),
        lastActivity: Date.now(),
        sent: clock(),
      });
      this.send({
        type: "generate",
        id,
        history,
        maxTokens: opts.maxTokens,
        temperature: opts.temperature,
        cacheKey: opts.cacheKey,
        probe: opts.probe,
      });
    });
  }

  kill(signal: NodeJS.Signals = "SIGKILL") {
    if (!this.exited) this.child.kill(signal);
  }

  private send(m: ToWorker) {
    if (this.exited || !this.child.connected) return;
    this.child.send(m);
  }

  private receive(m: FromWorker) {
    if (m.type === "loaded") {
      this.rss = m.rss;
      this.onLoad?.resolve();
    } else if (m.type === "load-error") {
      this.onLoad?.reject(new Error(m.message));
    } else if (m.type === "embedded" || (m.type === "error" && this.embeds.has(m.id))) {
      const e = this.embeds.get(m.id);
      if (m.type === "embedded") e?.resolve({ vectors: m.vectors, tokens: m.tokens });
      else e?.reject(new Error(m.message));
    } else {
      const p = this.pending.get(m.id);
      if (!p) return;
      p.lastActivity = Date.now();
      if (m.type === "chunk") {
        p.firstChunk ??= clock();
        p.opts.onText(m.text);
      } else if (m.type === "done")
        p.resolve({ ...m.result, timings: { ...m.result.timings, sent: p.sent, firstChunk: p.firstChunk } });
      else p.reject(new Error(m.message));
    }
  }

  private fail(reason: string) {
    if (this.exited) return;
    this.exited = true;
    const err = new WorkerCrashedError(reason);
    this.onLoad?.reject(err);
    for (const p of [...this.pending.values(), ...this.embeds.values()]) p.reject(err);
    this.pending.clear();
    this.embeds.clear();
    for (const fn of this.exitListeners) fn(reason);
  }
}
