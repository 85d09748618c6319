import crypto from "node:crypto";
import { z } from "zod";
import { getBot } from "../bots";
import { routeAnswer } from "../llm/router";
import { cannedAnswers } from "./answer-language";
import { planAnswer } from "./answer-plan";
import { promptCacheKey, streamModelAnswer } from "./answer-stream";

export const playgroundInputSchema = z.object({
  botId: z.string().min(1, "pick a bot").max(100),
  question: z.string().trim().min(1, "type a question").max(2000, "the question is longer than 2000 characters"),
});
export type PlaygroundInput = z.infer<typeof playgroundInputSchema>;

/**
 * What the bot would do with a question, without a conversation: the ranked entries, the exact system prompt, the
 * decision, and the answer when no model is needed. The bot is looked up within the tenant.
 */
export async function playgroundPlan(tenantId: string, input: PlaygroundInput) {
  const bot = await getBot(tenantId, input.botId);
  const plan = await planAnswer(tenantId, bot, input.question);
  const route = plan.decision === "model" ? routeAnswer(bot, crypto.randomUUID()) : undefined;
  return {
    bot: {
      id: bot.id,
      name: bot.name,
      confidenceThreshold: bot.confidenceThreshold,
      fastPath: bot.fastPath,
      fastPathThreshold: bot.fastPathThreshold,
    },
    decision: plan.decision === "model" && !route ? ("fallback" as const) : plan.decision,
    language: plan.lang,
    hits: plan.hits.map((h) => ({
      id: h.id,
      title: h.title,
      content: h.content,
      score: h.score,
      bm25: h.bm25,
      vector: h.vector,
      confidence: h.confidence,
      kind: h.kind,
    })),
    system: plan.prompt.system,
    citations: plan.citations,
    answer: plan.text ?? null,
    model: route?.modelId ?? null,
  };
}

/** The answer the bot would give, as a stream of text; nothing is stored. */
export async function playgroundAnswer(
  tenantId: string,
  input: PlaygroundInput,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const bot = await getBot(tenantId, input.botId);
  const plan = await planAnswer(tenantId, bot, input.question);
  const encoder = new TextEncoder();
  const route = plan.decision === "model" ? routeAnswer(bot, crypto.randomUUID()) : undefined;
  if (plan.decision !== "model" || !route) {
    const text =
      plan.text ?? `${plan.best?.content ?? ""}\n\n(no model is loaded: the bot answers with the best entry)`;
    return new ReadableStream({ start: (c) => (c.enqueue(encoder.encode(text)), c.close()) });
  }
  return new ReadableStream({
    async start(controller) {
      try {
        const answer = await streamModelAnswer(route, plan, {
          messages: [{ role: "user", content: input.question }],
          temperature: bot.temperature,
          maxTokens: bot.maxTokens,
          signal,
          onDelta: (delta) => controller.enqueue(encoder.encode(delta)),
          cacheKey: promptCacheKey(tenantId, bot.id),
        });
        if (answer.guarded) {
          controller.enqueue(
            encoder.encode(
              `\n\n[answer guard: the answer began to repeat the instructions; the visitor gets instead: ${cannedAnswers.refusal[plan.lang]}]`,
            ),
          );
        }
      } catch (err) {
        controller.enqueue(
          encoder.encode(
            `\n\n[the model failed: ${(err as Error).message}; the visitor would get the fallback answer and a handoff]`,
          ),
        );
      }
      controller.close();
    },
  });
}
