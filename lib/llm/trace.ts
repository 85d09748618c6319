import { clock } from "./clock";
import type { AnswerTimings } from "./types";
import { envVar } from "../env";

export { clock };

/**
 * The answer trace (KEFU_ANSWER_TRACE=1): one `[kefu:trace]` line per model answer on stdout with when each stage
 * happened, relative to the visitor's message reaching the server — to find where the time to the first token goes.
 * Off by default: nothing is measured or printed.
 */
export const answerTraceOn = () => envVar("KEFU_ANSWER_TRACE") === "1";

export type AnswerMarks = Record<string, number | undefined>;

export function logAnswerTrace(start: number, marks: AnswerMarks, timings: AnswerTimings | undefined, extra: Record<string, unknown> = {}) {
  const rel: Record<string, number | null> = {};
  for (const [k, v] of Object.entries({ ...marks, ...timings })) rel[k] = v == null ? null : Math.round((v - start) * 100) / 100;
  console.log(`[kefu:trace] ${JSON.stringify({ at: start, ...rel, ...extra })}`);
}
