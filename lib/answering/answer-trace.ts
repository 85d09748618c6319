import type { StageTrace } from "../conversations/trace";
import type { AnswerTimings } from "../llm/types";

const ms = (from?: number, to?: number) =>
  from == null || to == null ? undefined : Math.max(0, Math.round((to - from) * 100) / 100);

/**
 * A model answer's stages from the engine's timings (lib/llm/types.ts AnswerTimings, one clock shared by Kefu's
 * processes): queue = asked → a sequence of the model is ours (the engine's slot queue, IPC and the worker's sequence
 * queue), prompt = → first token, generation = → last token.
 */
export function modelStages(
  t: AnswerTimings | undefined,
  tokens: { inputTokens?: number; cachedInputTokens?: number },
): StageTrace {
  return {
    queueMs: ms(t?.requested, t?.acquired),
    promptMs: ms(t?.acquired, t?.firstToken),
    generationMs: ms(t?.firstToken, t?.finished),
    inputTokens: tokens.inputTokens,
    cachedInputTokens: tokens.cachedInputTokens,
  };
}

/** The time spent since `start` (a clock() reading), as a stored stage. */
export const sinceMs = (start: number, now: number) => ms(start, now);
