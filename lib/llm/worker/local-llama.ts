import type { ChatHistoryItem, Llama, LlamaContext, LlamaContextSequence, LlamaModel } from "node-llama-cpp";

import type { GenerateResult } from "../types";

type LocalGenerateOptions = { maxTokens: number; temperature: number; signal?: AbortSignal; onText: (text: string) => void };

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
  private waiters: ((s: LlamaContextSequence) => void)[] = [];

  async load(modelPath: string, loraPath?: string): Promise<void> {
    {
      const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
      // build: "never" — we run the prebuilt CPU binary; compiling llama.cpp at run time is not an option offline
      this.llama ??= await getLlama({ gpu: false, build: "never", maxThreads: this.threads, logLevel: LlamaLogLevel.error });
      this.model = await this.llama.loadModel({ modelPath });
      this.context = await this.model.createContext({
        sequences: this.sequences,
        threads: this.threads,
        contextSize: Math.min(4096, this.model.trainContextSize),
        ...(loraPath ? { lora: { adapters: [{ filePath: loraPath }] } } : {}),
      });
      this.idle = Array.from({ length: this.sequences }, () => this.context!.getSequence());
    }
  }

  private async acquire(signal?: AbortSignal): Promise<LlamaContextSequence> {
    const free = this.idle.pop();
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

  private release(sequence: LlamaContextSequence) {
    const next = this.waiters.shift();
    if (next) next(sequence);
    else this.idle.push(sequence);
  }

  async generate(history: ChatHistoryItem[], opts: LocalGenerateOptions): Promise<GenerateResult> {
    if (!this.context || !this.model) throw new Error("No model is loaded");
    const sequence = await this.acquire(opts.signal);
    const { LlamaChat } = await import("node-llama-cpp");
    const chat = new LlamaChat({ contextSequence: sequence, autoDisposeSequence: false });
    try {
      await sequence.clearHistory();
      const before = { input: sequence.tokenMeter.usedInputTokens, output: sequence.tokenMeter.usedOutputTokens };
      const res = await chat.generateResponse(history, {
        maxTokens: opts.maxTokens,
        temperature: opts.temperature,
        signal: opts.signal,
        stopOnAbortSignal: true,
        onTextChunk: opts.onText,
      });
      return {
        text: res.response,
        outputTokens: sequence.tokenMeter.usedOutputTokens - before.output,
        inputTokens: sequence.tokenMeter.usedInputTokens - before.input,
        stopReason: res.metadata.stopReason,
      };
    } finally {
      chat.dispose();
      this.release(sequence);
    }
  }

  async unload() {
    await this.context?.dispose();
    await this.model?.dispose();
    this.context = undefined;
    this.model = undefined;
    this.idle = [];
  }
}
