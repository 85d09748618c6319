import { db } from "../db/client";
import { getConversation } from ".";

/**
 * Where one bot answer's time went and what it cost, stored with the message (the same one-statement write, no extra
 * round trip). Milliseconds with two decimals; a stage the answer did not go through is left out (a fast-path or
 * "no answer" has retrieval only).
 */
export type StageTrace = {
  /** planning: the knowledge search and the answer rules */
  retrievalMs?: number;
  /** waiting for an answer slot and a model sequence */
  queueMs?: number;
  /** from the sequence to the first token: mostly evaluating the prompt */
  promptMs?: number;
  /** from the first token to the last */
  generationMs?: number;
  /** prompt tokens evaluated for this answer */
  inputTokens?: number;
  /** prompt tokens reused from the bot's previous answer */
  cachedInputTokens?: number;
};

export type AnswerTrace = {
  messageId: string;
  seq: number;
  createdAt: Date;
  /** model | fast_path | no_answer | refused | fallback | busy */
  answerKind: string | null;
  /** null: no model answered (the knowledge entry itself, a "do not know", a fallback) */
  model: string | null;
  variant: string | null;
  degraded: boolean;
  retrievalMs: number | null;
  queueMs: number | null;
  promptMs: number | null;
  generationMs: number | null;
  firstTokenMs: number | null;
  durationMs: number | null;
  inputTokens: number | null;
  cachedInputTokens: number | null;
  outputTokens: number | null;
  /** output tokens after the first per second of generation (the first token's time is in promptMs) */
  tokensPerSecond: number | null;
};

const traceSelect = {
  id: true,
  seq: true,
  createdAt: true,
  answerKind: true,
  model: true,
  variant: true,
  degraded: true,
  retrievalMs: true,
  queueMs: true,
  promptMs: true,
  generationMs: true,
  firstTokenMs: true,
  durationMs: true,
  inputTokens: true,
  cachedInputTokens: true,
  tokens: true,
} as const;

// tokens/s is derived here rather than stored: it is exactly output tokens over generation time
const tokensPerSecond = (tokens: number | null, ms: number | null) =>
  tokens != null && tokens > 1 && ms != null && ms > 0 ? Math.round(((tokens - 1) * 1000 * 10) / ms) / 10 : null;

/**
 * The trace of every bot answer of a conversation, in order. The conversation is looked up within the tenant first,
 * so another tenant's conversation answers `not_found` exactly like one that does not exist.
 */
export async function answerTraces(tenantId: string, conversationId: string): Promise<AnswerTrace[]> {
  await getConversation(tenantId, conversationId);
  const rows = await db().message.findMany({
    where: { tenantId, conversationId, role: "bot" },
    select: traceSelect,
    orderBy: { seq: "asc" },
    take: 1000,
  });
  return rows.map(({ id, tokens, ...r }) => ({
    messageId: id,
    ...r,
    outputTokens: tokens,
    tokensPerSecond: tokensPerSecond(tokens, r.generationMs),
  }));
}
