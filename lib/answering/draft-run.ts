import crypto from "node:crypto";
import type { Bot } from "../bots";
import { draftBot, getDraft, listQuestions } from "../bots/drafts";
import { getBot } from "../bots";
import { KefuError } from "../errors";
import { routeAnswer } from "../llm/router";
import { planAnswer } from "./answer-plan";
import { streamModelAnswer } from "./answer-stream";

/** What one bot would answer to one question: the decision, the top entry and the answer. Nothing is stored. */
async function tryQuestion(tenantId: string, bot: Bot, question: string, signal: AbortSignal) {
  const plan = await planAnswer(tenantId, bot, question);
  const top = plan.hits[0];
  const route = plan.decision === "model" ? routeAnswer(bot, crypto.randomUUID()) : undefined;
  let answer = plan.text ?? "";
  let decision: string = plan.decision === "model" && !route ? "fallback" : plan.decision;
  if (route) {
    try {
      answer = (
        await streamModelAnswer(route, plan, {
          messages: [{ role: "user", content: question }],
          temperature: bot.temperature,
          maxTokens: bot.maxTokens,
          signal,
          onDelta: () => {},
        })
      ).text;
    } catch {
      decision = "fallback";
    }
  }
  if (decision === "fallback" && !answer) answer = top?.content ?? "";
  return { decision, answer, topEntry: top ? { id: top.id, title: top.title, confidence: top.confidence } : null };
}

/** Every saved question against the live bot and its draft, side by side. */
export async function runDraft(tenantId: string, botId: string, signal: AbortSignal) {
  const live = await getBot(tenantId, botId);
  if (!(await getDraft(tenantId, botId))) throw new KefuError("not_found", "This bot has no draft: save a draft first");
  const draft = await draftBot(tenantId, botId);
  const questions = await listQuestions(tenantId, botId);
  if (questions.length === 0) throw new KefuError("bad_request", "The question set is empty: add a question first");
  const results = [];
  for (const q of questions) {
    if (signal.aborted) break;
    const [liveResult, draftResult] = [
      await tryQuestion(tenantId, live, q.text, signal),
      await tryQuestion(tenantId, draft, q.text, signal),
    ];
    results.push({ questionId: q.id, question: q.text, live: liveResult, draft: draftResult });
  }
  return results;
}
