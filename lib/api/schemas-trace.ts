import { z } from "zod";

const isoDate = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.iso.datetime());
const ms = (what: string) =>
  z.number().min(0).nullable().describe(`${what}, in ms; null when the answer did not go through it`);

/** One bot answer's trace (lib/conversations/trace.ts): stages, tokens and the model that answered. */
export const answerTraceSchema = z.object({
  messageId: z.string(),
  seq: z.number().int().min(1),
  createdAt: isoDate,
  answerKind: z
    .string()
    .nullable()
    .describe("model | fast_path (the knowledge entry itself) | no_answer | refused | fallback | busy"),
  model: z.string().nullable().describe("The model that wrote the answer; null: no model answered"),
  variant: z.string().nullable().describe('The A/B arm that answered: "A" | "B"'),
  degraded: z.boolean().describe("Answered by the light model because the machine was loaded"),
  retrievalMs: ms("Planning: the knowledge search and the answer rules"),
  queueMs: ms("Waiting for an answer slot and a model sequence"),
  promptMs: ms("From the model's sequence to the first token (evaluating the prompt)"),
  generationMs: ms("From the first token to the last"),
  firstTokenMs: z
    .number()
    .nullable()
    .describe("From the visitor's message reaching the server to the first token, in ms"),
  durationMs: z
    .number()
    .nullable()
    .describe("From the visitor's message reaching the server to the stored answer, in ms"),
  inputTokens: z.number().int().nullable().describe("Prompt tokens evaluated for this answer"),
  cachedInputTokens: z.number().int().nullable().describe("Prompt tokens reused from the bot's previous answer"),
  outputTokens: z.number().int().nullable(),
  tokensPerSecond: z.number().nullable().describe("Output tokens after the first per second of generation"),
});
