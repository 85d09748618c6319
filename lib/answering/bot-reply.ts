import crypto from "node:crypto";
import type { Bot } from "../bots";
import { recordGap } from "../knowledge/gaps";
import type { Hit } from "../knowledge/search";
import { routeAnswer } from "../llm/router";
import { AnswerTimeoutError, BusyError } from "../llm/engine";
import { answerTraceOn, clock, logAnswerTrace, type AnswerMarks } from "../llm/trace";
import { recordAnswer, recordError, recordMessage, recordModelFailure } from "../metrics";
import { onPeerEvent, publishToConversation, toPeers } from "../realtime";
import { wireMessage } from "../conversations/wire";
import { appendMessage, getConversation, recentMessages } from "../conversations";
import { conversationCustomerEvents } from "../visitors/events";
import { cannedAnswers } from "./answer-language";
import { planAnswer, type AnswerKind, type Citation } from "./answer-plan";
import { countFailure, resetFailures } from "./answer-state";
import { promptCacheKey, streamModelAnswer } from "./answer-stream";
import { escalate } from "./handoff-rules";
import { lineForVisitor } from "../conversations/system-lines";
import { systemText } from "../i18n/system-lines";
import { buildPrompt } from "./prompt";
import { modelStages, sinceMs } from "./answer-trace";
import type { StageTrace } from "../conversations/trace";
import { log } from "../log";

// In-flight answers of this process, so a takeover or a newer question can cancel them; `settled` resolves once
// the answer's end (a cut answer's partial text included) is stored.
const inFlight = new Map<string, AbortController>();
const settling = new Map<string, { done: Promise<void>; questionClientId?: string }>();
const SETTLE_MS = 3_000;

function cancelHere(conversationId: string) {
  inFlight.get(conversationId)?.abort();
  inFlight.delete(conversationId);
}

/**
 * A newer visitor message is about to be stored: the answer being written here stops, and what it had already
 * streamed is stored first, so the cut answer keeps its place before the new question — live and after a reload
 * (seq is given at store time). Bounded: a stuck store never holds the visitor's message back for long.
 */
export async function settleBotReply(conversationId: string, clientId?: string) {
  const current = settling.get(conversationId);
  // a resend of the question being answered is no newer question: it must not cut its own answer
  if (!current || (clientId && current.questionClientId === clientId)) return;
  const { done } = current;
  cancelHere(conversationId);
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([done, new Promise<void>((r) => (timer = setTimeout(r, SETTLE_MS)))]);
  clearTimeout(timer);
}

/** Stops the bot's answer in this conversation, on whichever server it is being written. */
export function cancelBotReply(conversationId: string) {
  cancelHere(conversationId);
  toPeers("bot:cancel", conversationId);
}
onPeerEvent("bot:cancel", cancelHere);

/** Whether this process is writing the bot's answer in this conversation. */
export const answeringHere = (conversationId: string) => inFlight.has(conversationId);

/** Answers being written by this process (a graceful shutdown lets them finish). */
export const botRepliesInFlight = () => inFlight.size;

/** The visitor's message before the one being answered (which is already stored), within the tenant. */
async function previousVisitorMessage(tenantId: string, conversationId: string) {
  const visitor = (await recentMessages(tenantId, conversationId, 6)).filter((m) => m.role === "visitor");
  return visitor.length >= 2 ? visitor[visitor.length - 2].text : undefined;
}

/** The system prompt for these entries (kept for bench/llm.ts, which measures the bot's real prompt). */
export const buildSystemPrompt = (bot: Pick<Bot, "instructions">, hits: Hit[]) => buildPrompt(bot, hits).system;

/**
 * The bot answers the visitor's latest message: retrieval and the answer rules (refuse, no answer, fast path),
 * else the model's streamed deltas; then the stored answer with its citations and how it was made.
 */
export async function botReply(
  tenantId: string,
  bot: Bot,
  conversationId: string,
  question: string,
  startedAt = Date.now(),
  questionClientId?: string,
) {
  cancelBotReply(conversationId);
  const controller = new AbortController();
  inFlight.set(conversationId, controller);
  let settle!: () => void;
  const settled = new Promise<void>((r) => (settle = r));
  const entry = { done: settled, questionClientId };
  settling.set(conversationId, entry);
  const messageId = crypto.randomUUID();
  // KEFU_ANSWER_TRACE=1: when each stage happened (lib/llm/trace.ts)
  const marks: AnswerMarks | undefined = answerTraceOn() ? { reply: clock() } : undefined;
  let failedModel: string | undefined; // the model answering, for its error rate
  // the answer trace, stored with whatever answer this becomes (lib/conversations/trace.ts)
  let trace: StageTrace = {};
  try {
    const planStart = clock();
    const plan = await planAnswer(tenantId, bot, question, {
      previousQuestion: () => previousVisitorMessage(tenantId, conversationId),
      customerEvents: await conversationCustomerEvents(tenantId, conversationId),
    });
    const planned = clock();
    trace = { retrievalMs: sinceMs(planStart, planned) };
    if (marks) marks.planned = planned;
    if (plan.decision === "refused") {
      return await storeAnswer(tenantId, conversationId, {
        id: messageId,
        text: plan.text!,
        answerKind: "refused",
        trace,
      });
    }
    if (plan.decision === "no_answer") {
      // counted before the answer is sent, so what the visitor sees and what is stored agree
      await recordGap(tenantId, { botId: bot.id, question, bestScore: plan.best?.confidence ?? 0, conversationId });
      const failures = await countFailure(tenantId, conversationId);
      await storeAnswer(tenantId, conversationId, { id: messageId, text: plan.text!, answerKind: "no_answer", trace });
      if (bot.handoffAfterFailures > 0 && failures >= bot.handoffAfterFailures)
        await escalate(bot, tenantId, conversationId, "bot_failed");
      return;
    }
    if (plan.decision === "fast_path") {
      // no model: the FAQ entry is the answer, at once
      await resetFailures(tenantId, conversationId);
      return await storeAnswer(tenantId, conversationId, {
        id: messageId,
        text: plan.text!,
        citations: plan.citations,
        answerKind: "fast_path",
        trace,
        firstTokenMs: Date.now() - startedAt,
        durationMs: Date.now() - startedAt,
      });
    }
    const route = routeAnswer(bot, conversationId);
    failedModel = route?.modelId;
    if (!route) {
      // no model loaded: the best entry verbatim, and a human on offer
      const text = `${plan.best!.content}\n\n${cannedAnswers.handoffHint[plan.lang]}`;
      return await storeAnswer(tenantId, conversationId, {
        id: messageId,
        text,
        citations: plan.citations.slice(0, 1),
        answerKind: "fallback",
        trace,
      });
    }
    const turns = await recentMessages(tenantId, conversationId, 8);
    if (marks) marks.turns = clock();
    const routing = { model: route.modelId, variant: route.variant ?? undefined, degraded: route.degraded };
    const answer = await streamModelAnswer(route, plan, {
      messages: turns.length
        ? turns.map((t) => ({
            role: t.role === "visitor" ? ("user" as const) : ("assistant" as const),
            content: t.text,
          }))
        : [{ role: "user" as const, content: question }],
      temperature: bot.temperature,
      maxTokens: bot.maxTokens,
      signal: controller.signal,
      onDelta: (delta) => publishToConversation(tenantId, conversationId, "bot:delta", { messageId, delta }),
      cacheKey: promptCacheKey(tenantId, bot.id),
    });
    if (answer.aborted) {
      // taken over or superseded: keep what the visitor already saw, if anything
      const text = answer.text.trim();
      if (text)
        await storeAnswer(tenantId, conversationId, {
          id: messageId,
          text,
          citations: plan.citations,
          answerKind: "model",
          ...routing,
          trace,
        });
      return;
    }
    if (answer.guarded) {
      // the answer began to read back the instructions: the stored message replaces the visitor's draft
      recordError(tenantId, "answer_guard");
      return await storeAnswer(tenantId, conversationId, {
        id: messageId,
        text: cannedAnswers.refusal[plan.lang],
        answerKind: "refused",
        ...routing,
        trace,
      });
    }
    const now = Date.now();
    const ttftMs = (answer.firstTokenAt || now) - startedAt;
    if (marks) {
      const { decodeCpuUs, ...stages } = answer.trace ?? {};
      logAnswerTrace(startedAt, { ...marks, ...stages }, answer.timings, {
        messageId,
        tokens: answer.tokens,
        decodeCpuUs,
      });
    }
    recordAnswer(tenantId, {
      model: routing.model,
      ttftMs,
      tokens: answer.tokens,
      durationMs: now - (answer.firstTokenAt || now),
    });
    await resetFailures(tenantId, conversationId);
    await storeAnswer(tenantId, conversationId, {
      id: messageId,
      text: answer.text.trim() || cannedAnswers.emptyAnswer[plan.lang],
      citations: plan.citations,
      answerKind: "model",
      ...routing,
      trace: { ...trace, ...modelStages(answer.timings, answer) },
      tokens: answer.tokens,
      firstTokenMs: ttftMs,
      durationMs: now - startedAt,
    });
    // ids and figures only: the question and the answer stay out of the logs
    log.info("bot answered", {
      tenantId,
      conversationId,
      model: routing.model,
      tokens: answer.tokens,
      firstTokenMs: ttftMs,
    });
  } catch (err) {
    if (controller.signal.aborted) return;
    const busy = err instanceof BusyError;
    if (!busy)
      log.error(`bot answer failed: ${(err as Error).message}`, { tenantId, conversationId, model: failedModel });
    recordError(tenantId, busy ? "busy" : err instanceof AnswerTimeoutError ? "answer_timeout" : "bot_answer");
    if (failedModel)
      recordModelFailure(
        tenantId,
        failedModel,
        busy ? "busy" : err instanceof AnswerTimeoutError ? "timeout" : "error",
      );
    // the visitor is never left waiting: a short answer, and the conversation goes to the agents' queue
    const text = await lineForVisitor(tenantId, conversationId, busy ? "busy" : "error").catch(() =>
      systemText(busy ? "busy" : "error", "en"),
    );
    await storeAnswer(tenantId, conversationId, {
      id: messageId,
      text,
      answerKind: busy ? "busy" : "fallback",
      trace,
    }).catch((err) => log.error("storing the fallback answer failed", { tenantId, conversationId, err }));
    await escalate(bot, tenantId, conversationId, busy ? "busy" : "error", { announce: false }).catch((err) =>
      log.error("handing to an agent after a failed answer failed", { tenantId, conversationId, err }),
    );
  } finally {
    if (inFlight.get(conversationId) === controller) inFlight.delete(conversationId);
    if (settling.get(conversationId) === entry) settling.delete(conversationId);
    settle();
  }
}

type StoredAnswer = {
  id: string;
  text: string;
  answerKind: AnswerKind;
  citations?: Citation[];
  model?: string;
  variant?: string;
  degraded?: boolean;
  trace?: StageTrace;
  tokens?: number;
  firstTokenMs?: number;
  durationMs?: number;
};

async function storeAnswer(tenantId: string, conversationId: string, a: StoredAnswer) {
  const conv = await getConversation(tenantId, conversationId);
  if (conv.status !== "bot") return; // an agent took over meanwhile: the bot stays silent
  const { message } = await appendMessage(tenantId, { conversationId, role: "bot", ...a });
  recordMessage(tenantId, "bot");
  publishToConversation(tenantId, conversationId, "message", wireMessage(message));
}
