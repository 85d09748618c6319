import type { ChatHistoryItem } from "node-llama-cpp";

export type EngineStatus = "none" | "loading" | "ready" | "failed";

export type GenerateOptions = {
  maxTokens: number;
  temperature: number;
  signal?: AbortSignal;
  onText: (text: string) => void;
  /**
   * Who may reuse what this answer leaves in the model's memory (its prompt's evaluated tokens): a later answer with
   * the same key starts from the longest common prefix instead of evaluating its whole prompt again. Kefu passes
   * tenant + bot, so one bot's instructions are evaluated once, and nothing crosses bots or tenants. Unset: cleared.
   */
  cacheKey?: string;
  /** A speed test: node-llama-cpp's own chat loop inside the inference process (no Kefu code), timed there. */
  probe?: boolean;
};

/**
 * When the stages of one answer happened, in ms since the epoch with sub-ms precision (performance.timeOrigin +
 * performance.now(), comparable across Kefu's processes on one machine): `sent` and `firstChunk` on the web
 * server's side, the rest inside the inference process. `requested`: the engine was asked (before waiting for an answer
 * slot); `finished`: the model's last token. Stored with every bot answer (lib/answering/answer-trace.ts), printed by
 * KEFU_ANSWER_TRACE and read by bench:llm.
 */
export type AnswerTimings = {
  requested?: number;
  sent?: number;
  received?: number;
  acquired?: number;
  cleared?: number;
  firstToken?: number;
  firstChunk?: number;
  finished?: number;
};

/** `sharedSteps`: generation steps of this answer decoded in one batch with other answers (lib/llm/worker/batch-sync.ts). */
/** `inputTokens`: prompt tokens evaluated for this answer; `cachedInputTokens`: prompt tokens reused from the last answer. */
export type GenerateResult = {
  text: string;
  outputTokens: number;
  inputTokens: number;
  cachedInputTokens?: number;
  stopReason: string;
  timings?: AnswerTimings;
  sharedSteps?: number;
  /** a speed test's own clock (GenerateOptions.probe): first token after the call, tokens/s after the first */
  probe?: { firstTokenMs: number; tokensPerSecond: number };
};

/** Parent → worker. */
export type ToWorker =
  | { type: "load"; modelPath: string; loraPath?: string; threads: number; sequences: number; embedding?: boolean }
  | {
      type: "generate";
      id: number;
      history: ChatHistoryItem[];
      maxTokens: number;
      temperature: number;
      cacheKey?: string;
      probe?: boolean;
    }
  | { type: "cancel"; id: number }
  | { type: "embed"; id: number; texts: string[] };

/** Worker → parent. */
export type FromWorker =
  | { type: "loaded"; rss: number }
  | { type: "load-error"; message: string }
  | { type: "chunk"; id: number; text: string }
  | { type: "done"; id: number; result: GenerateResult }
  | { type: "embedded"; id: number; vectors: Float32Array[]; tokens: number }
  | { type: "error"; id: number; message: string };
