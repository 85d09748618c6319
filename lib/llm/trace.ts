import { clock } from "./clock";
import type { AnswerTimings } from "./types";
import { envVar } from "../env";

export { clock };

/**
 * The fine answer trace (KEFU_ANSWER_TRACE=1): one `[kefu:trace]` line per model answer on stdout with when each step
 * happened, relative to the visitor's message reaching the server — bench:llm (bench/llm/stages.ts) splits the time to
 * the first token with it. Every answer's coarse stages are stored with the message anyway (docs/analytics.md, the
 * answer trace); these absolute marks of a dozen steps are not, so this line stays for the bench. Off by default.
 */
export const answerTraceOn = () => envVar("KEFU_ANSWER_TRACE") === "1";

export type AnswerMarks = Record<string, number | undefined>;

export function logAnswerTrace(
  start: number,
  marks: AnswerMarks,
  timings: AnswerTimings | undefined,
  extra: Record<string, unknown> = {},
) {
  const rel: Record<string, number | null> = {};
  for (const [k, v] of Object.entries({ ...marks, ...timings }))
    rel[k] = v == null ? null : Math.round((v - start) * 100) / 100;
  console.log(`[kefu:trace] ${JSON.stringify({ at: start, ...rel, ...extra })}`);
}
