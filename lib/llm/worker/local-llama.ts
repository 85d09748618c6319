import { randomInt } from "node:crypto";
import type {
  ChatHistoryItem,
  ChatWrapper,
  Llama,
  LlamaContext,
  LlamaContextSequence,
  LlamaModel,
} from "node-llama-cpp";

import { clock } from "../clock";
import { orderedBySequence, syncGenerationSteps } from "./batch-sync";
import type { AnswerTimings, GenerateResult } from "../types";

type LocalGenerateOptions = {
  maxTokens: number;
  temperature: number;
  signal?: AbortSignal;
  onText: (text: string) => void;
  received?: number;
  cacheKey?: string;
};

/**
 * Runs inside the inference worker process (never in the web server). Owns the loaded GGUF model and a context
 * with a few sequences, taken once at load and reused (cleared) for each answer; generations beyond that wait in a
 * FIFO queue (node-llama-cpp throws "No sequences left" otherwise).
 */
export class LocalLlama {
  constructor(
    readonly threads: number,
    readonly sequences: number,
  ) {}
  private llama: Llama | undefined;
  private model: LlamaModel | undefined;
  private context: LlamaContext | undefined;
  private idle: LlamaContextSequence[] = [];
  private rank = new Map<LlamaContextSequence, number>();
  private sharedSteps: Map<number, number> | null = null;
  private waiters: ((s: LlamaContextSequence) => void)[] = [];
  /** sequences whose history is known to be empty */
  private clean = new WeakSet<LlamaContextSequence>();
  /** whose answer's tokens a sequence still holds (GenerateOptions.cacheKey): only the same key may start from them */
  private owner = new Map<LlamaContextSequence, string>();
  /**
   * The model's chat template, resolved once per load: `new LlamaChat` without one resolves it again (reads and
   * checks the GGUF's Jinja template), 190–350 ms on one core for Qwen2.5, spent between a question and its first token.
   */
  private chatWrapper: ChatWrapper | undefined;

  async load(modelPath: string, loraPath?: string): Promise<void> {
    {
      const { getLlama, LlamaChat, LlamaLogLevel } = await import("node-llama-cpp");
      // build: "never" — we run the prebuilt CPU binary; compiling llama.cpp at run time is not an option offline
      this.llama ??= await getLlama({
        gpu: false,
        build: "never",
        maxThreads: this.threads,
        logLevel: LlamaLogLevel.error,
      });
      this.model = await this.llama.loadModel({ modelPath });
      this.context = await this.model.createContext({
        sequences: this.sequences,
        threads: this.threads,
        contextSize: Math.min(4096, this.model.trainContextSize),
        ...(loraPath ? { lora: { adapters: [{ filePath: loraPath }] } } : {}),
        batching: { itemPrioritizationStrategy: orderedBySequence(() => this.context) },
      });
      this.sharedSteps =
        this.sequences > 1 ? syncGenerationSteps(this.context, () => this.sequences - this.idle.length) : null;
      // lowest id last: pop() hands out the lowest free id, so the sequences answering together have consecutive ids
      const all = Array.from({ length: this.sequences }, () => this.context!.getSequence());
      this.rank = new Map(all.map((s, i) => [s, i])); // getSequence() gives ids 0, 1, 2… in order
      this.idle = all.reverse();
      for (const s of this.idle) this.clean.add(s);
      const resolving = new LlamaChat({ contextSequence: all[0], autoDisposeSequence: false });
      this.chatWrapper = resolving.chatWrapper;
      resolving.dispose();
    }
  }

  /** A free sequence: one holding this key's last prompt, else an empty one, else any; the lowest id of those. */
  private async acquire(cacheKey: string | undefined, signal?: AbortSignal): Promise<LlamaContextSequence> {
    const pick = (ok: (s: LlamaContextSequence) => boolean) => {
      for (let i = this.idle.length - 1; i >= 0; i--) if (ok(this.idle[i])) return this.idle.splice(i, 1)[0];
      return undefined;
    };
    const free =
      (cacheKey ? pick((s) => this.owner.get(s) === cacheKey) : undefined) ??
      pick((s) => this.clean.has(s)) ??
      this.idle.pop();
    if (free) return free;
    return new Promise<LlamaContextSequence>((resolve, reject) => {
      const wake = (s: LlamaContextSequence) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(s);
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        reject(signal?.reason ?? new Error("aborted"));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(wake);
    });
  }

  /**
   * An answer with a cache key leaves its tokens for the next answer with that key. Otherwise they are erased here,
   * after the answer was sent, rather than before the next answer: clearing takes the context's lock and a few ms,
   * which would otherwise sit between a visitor's question and its first token.
   */
  private async release(sequence: LlamaContextSequence, keepFor?: string) {
    if (keepFor) this.owner.set(sequence, keepFor);
    else {
      this.owner.delete(sequence);
      try {
        await sequence.clearHistory();
        this.clean.add(sequence);
      } catch {} // left unclean: the next answer clears it first
    }
    const next = this.waiters.shift();
    if (next) next(sequence);
    else {
      this.idle.push(sequence);
      this.idle.sort((a, b) => (this.rank.get(b) ?? 0) - (this.rank.get(a) ?? 0));
    }
  }

  async generate(history: ChatHistoryItem[], opts: LocalGenerateOptions): Promise<GenerateResult> {
    if (!this.context || !this.model) throw new Error("No model is loaded");
    const timings: AnswerTimings = { received: opts.received };
    const sequence = await this.acquire(opts.cacheKey, opts.signal);
    timings.acquired = clock();
    const { LlamaChat } = await import("node-llama-cpp");
    const chat = new LlamaChat({
      contextSequence: sequence,
      autoDisposeSequence: false,
      chatWrapper: this.chatWrapper ?? "auto",
    });
    let ok = false;
    const onText = (text: string) => {
      timings.firstToken ??= clock();
      opts.onText(text);
    };
    try {
      // another key's tokens are never reused (nor timed: a prefix of another bot or tenant could be guessed)
      const reuse = !!opts.cacheKey && this.owner.get(sequence) === opts.cacheKey;
      this.owner.delete(sequence);
      if (!reuse && !this.clean.delete(sequence)) await sequence.clearHistory();
      this.clean.delete(sequence);
      timings.cleared = clock();
      const before = { input: sequence.tokenMeter.usedInputTokens, output: sequence.tokenMeter.usedOutputTokens };
      const id = this.rank.get(sequence) ?? -1;
      const sharedBefore = this.sharedSteps?.get(id) ?? 0;
      const res = await chat.generateResponse(history, {
        maxTokens: opts.maxTokens,
        temperature: opts.temperature,
        // a seed of its own per answer: without one, answers that started from a reused prompt sampled the same
        // words at a high temperature (tests/engine-serving.test.ts)
        seed: randomInt(2 ** 31),
        signal: opts.signal,
        stopOnAbortSignal: true,
        onTextChunk: onText,
      });
      timings.finished = clock();
      ok = true;
      const outputTokens = sequence.tokenMeter.usedOutputTokens - before.output;
      const inputTokens = sequence.tokenMeter.usedInputTokens - before.input;
      return {
        text: res.response,
        outputTokens,
        inputTokens,
        // what the sequence holds now is the prompt and the answer; the prompt's part not evaluated was reused
        cachedInputTokens: reuse ? Math.max(0, sequence.nextTokenIndex - outputTokens - inputTokens) : 0,
        stopReason: res.metadata.stopReason,
        timings,
        sharedSteps: (this.sharedSteps?.get(id) ?? 0) - sharedBefore,
      };
    } finally {
      chat.dispose();
      // a failed or cancelled answer leaves nothing to build on
      void this.release(sequence, ok && !opts.signal?.aborted ? opts.cacheKey : undefined);
    }
  }

  /**
   * A speed test: node-llama-cpp's chat loop as its documentation shows it, on a cleared sequence, with none of the
   * above (no cache key, no seed, no abort signal), timed here. bench:llm compares Kefu's answers with it: the same
   * process and the same weights in memory, which on the bench VM decided tokens/s more than anything Kefu does.
   */
  async probe(history: ChatHistoryItem[], maxTokens: number): Promise<GenerateResult> {
    if (!this.context || !this.model) throw new Error("No model is loaded");
    const sequence = await this.acquire(undefined);
    const { LlamaChat } = await import("node-llama-cpp");
    const t0 = performance.now();
    let first = 0;
    let last = 0;
    try {
      this.owner.delete(sequence);
      if (!this.clean.delete(sequence)) await sequence.clearHistory();
      const chat = new LlamaChat({ contextSequence: sequence, autoDisposeSequence: false });
      const before = { input: sequence.tokenMeter.usedInputTokens, output: sequence.tokenMeter.usedOutputTokens };
      const onTextChunk = () => {
        last = performance.now();
        first ||= last;
      };
      const res = await chat.generateResponse(history, { maxTokens, temperature: 0, onTextChunk });
      chat.dispose();
      const outputTokens = sequence.tokenMeter.usedOutputTokens - before.output;
      return {
        text: res.response,
        outputTokens,
        inputTokens: sequence.tokenMeter.usedInputTokens - before.input,
        stopReason: res.metadata.stopReason,
        probe: {
          firstTokenMs: first - t0,
          tokensPerSecond: outputTokens > 1 && last > first ? ((outputTokens - 1) * 1000) / (last - first) : 0,
        },
      };
    } finally {
      void this.release(sequence);
    }
  }

  async unload() {
    await this.context?.dispose();
    await this.model?.dispose();
    this.context = undefined;
    this.model = undefined;
    this.idle = [];
    this.owner.clear();
  }
}
