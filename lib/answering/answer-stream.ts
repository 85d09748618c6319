import { streamText, type ModelMessage } from "ai";
import { createLlamaCppModel } from "../llm/provider";
import { answerTraceOn, clock } from "../llm/trace";
import type { AnswerTimings } from "../llm/types";
import type { Route } from "../llm/router";
import { createFenceFilter } from "./answer-fences";
import { createAnswerGuard } from "./answer-guard";
import type { AnswerPlan } from "./answer-plan";
import { envVar } from "../env";

export type StreamedAnswer = {
  text: string;
  tokens: number;
  firstTokenAt: number;
  guarded: boolean;
  aborted: boolean;
  /** when the engine's stages happened and the prompt tokens it evaluated / reused (a finished answer; the answer trace) */
  timings?: AnswerTimings;
  inputTokens?: number;
  cachedInputTokens?: number;
  /** with KEFU_ANSWER_TRACE=1: when streamText was called, the first delta arrived and was passed on */
  trace?: { streamCalled: number; firstDelta?: number; firstEmitted?: number; decodeCpuUs?: number };
};

/**
 * Which answers may start from the tokens this one leaves in the model (lib/llm GenerateOptions.cacheKey): those of
 * the same bot in the same tenant. KEFU_PROMPT_REUSE=0 evaluates every prompt from scratch.
 */
export const promptCacheKey = (tenantId: string, botId: string) =>
  envVar("KEFU_PROMPT_REUSE") === "0" ? undefined : `${tenantId}/${botId}`;

/**
 * The model's answer to a planned question, delta by delta through `onDelta`. The output guard sees every delta
 * first: one that would read back the instructions is never passed on, and generation stops there.
 */
export async function streamModelAnswer(
  route: Route,
  plan: AnswerPlan,
  opts: {
    messages: ModelMessage[];
    temperature: number;
    maxTokens: number;
    signal?: AbortSignal;
    onDelta: (delta: string) => void;
    cacheKey?: string;
  },
): Promise<StreamedAnswer> {
  const guard = createAnswerGuard(plan.prompt.secret, plan.prompt.knowledge);
  const fences = createFenceFilter();
  const emit = (text: string) => {
    if (!text) return;
    out.text += text;
    opts.onDelta(text);
    if (trace && !trace.firstEmitted) trace.firstEmitted = clock();
  };
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const out: StreamedAnswer = { text: "", tokens: 0, firstTokenAt: 0, guarded: false, aborted: false };
  const trace: StreamedAnswer["trace"] = answerTraceOn() ? { streamCalled: clock() } : undefined;
  out.trace = trace;
  let cpuAtFirst: NodeJS.CpuUsage | undefined; // this process's CPU while the answer streams (trace only)
  const result = streamText({
    model: createLlamaCppModel(route.engine),
    system: plan.prompt.system,
    messages: opts.messages,
    temperature: opts.temperature,
    maxOutputTokens: opts.maxTokens,
    abortSignal: signal,
    ...(opts.cacheKey ? { providerOptions: { kefu: { cacheKey: opts.cacheKey } } } : {}),
    onError: () => {}, // an error part is rethrown below, where the caller turns it into a fallback
  });
  try {
    for await (const part of result.fullStream) {
      if (signal.aborted) break;
      if (part.type === "error") throw part.error;
      if (part.type !== "text-delta") continue;
      if (!out.firstTokenAt) {
        out.firstTokenAt = Date.now();
        if (trace) {
          trace.firstDelta = clock();
          cpuAtFirst = process.cpuUsage();
        }
      }
      if (!guard.push(part.text)) {
        out.guarded = true;
        stop.abort();
        break;
      }
      emit(fences.push(part.text));
    }
    if (!out.guarded) emit(fences.flush());
  } catch (err) {
    if (!signal.aborted) throw err;
  }
  out.aborted = Boolean(opts.signal?.aborted);
  if (!out.guarded && !out.aborted) {
    const usage = await result.usage;
    out.tokens = usage.outputTokens ?? 0;
    out.inputTokens = usage.inputTokenDetails.noCacheTokens;
    out.cachedInputTokens = usage.inputTokenDetails.cacheReadTokens;
    out.timings = ((await result.providerMetadata)?.kefu as { timings?: AnswerTimings } | undefined)?.timings;
  }
  if (trace && cpuAtFirst) {
    const used = process.cpuUsage(cpuAtFirst);
    trace.decodeCpuUs = used.user + used.system;
  }
  return out;
}
