import { streamText, type ModelMessage } from "ai";
import { createLlamaCppModel } from "../llm/provider";
import type { Route } from "../llm/router";
import { createAnswerGuard } from "./answer-guard";
import type { AnswerPlan } from "./answer-plan";

export type StreamedAnswer = { text: string; tokens: number; firstTokenAt: number; guarded: boolean; aborted: boolean };

/**
 * The model's answer to a planned question, delta by delta through `onDelta`. The output guard sees every delta
 * first: one that would read back the instructions is never passed on, and generation stops there.
 */
export async function streamModelAnswer(
  route: Route,
  plan: AnswerPlan,
  opts: { messages: ModelMessage[]; temperature: number; maxTokens: number; signal?: AbortSignal; onDelta: (delta: string) => void },
): Promise<StreamedAnswer> {
  const guard = createAnswerGuard(plan.prompt.secret, plan.prompt.knowledge);
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const out: StreamedAnswer = { text: "", tokens: 0, firstTokenAt: 0, guarded: false, aborted: false };
  const result = streamText({
    model: createLlamaCppModel(route.engine),
    system: plan.prompt.system,
    messages: opts.messages,
    temperature: opts.temperature,
    maxOutputTokens: opts.maxTokens,
    abortSignal: signal,
    onError: () => {}, // an error part is rethrown below, where the caller turns it into a fallback
  });
  try {
    for await (const part of result.fullStream) {
      if (signal.aborted) break;
      if (part.type === "error") throw part.error;
      if (part.type !== "text-delta") continue;
      if (!out.firstTokenAt) out.firstTokenAt = Date.now();
      if (!guard.push(part.text)) {
        out.guarded = true;
        stop.abort();
        break;
      }
      out.text += part.text;
      opts.onDelta(part.text);
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  }
  out.aborted = Boolean(opts.signal?.aborted);
  if (!out.guarded && !out.aborted) out.tokens = (await result.usage).outputTokens ?? 0;
  return out;
}
