import type { Bot } from "../bots";
import { searchKnowledge, type Hit } from "../knowledge/search";
import { hitConfidence, hitKind } from "./answer-confidence";
import { isInjectionAttempt } from "./answer-injection";
import { cannedAnswers, detectLanguage, type Lang } from "./answer-language";
import { buildPrompt, type PromptCustomerEvent } from "./prompt";

export type AnswerKind = "model" | "fast_path" | "no_answer" | "refused" | "fallback" | "busy";
export type RankedHit = Hit & { confidence: number; kind: "faq" | "doc" };
export type Citation = { id: string; title: string; score: number };

export type AnswerPlan = {
  lang: Lang;
  hits: RankedHit[];
  best: RankedHit | undefined;
  /** what the bot does before any model runs: refuse, admit it does not know, answer from the FAQ, or ask the model */
  decision: "refused" | "no_answer" | "fast_path" | "model";
  /** the answer itself, unless the model makes it */
  text?: string;
  citations: Citation[];
  prompt: ReturnType<typeof buildPrompt>;
};

type AnswerBot = Pick<Bot, "instructions" | "knowledgeBaseIds" | "confidenceThreshold" | "fastPath" | "fastPathThreshold">;

const cite = (h: RankedHit): Citation => ({ id: h.id, title: h.title, score: h.score });

/** Retrieval and the rules that decide how a question is answered (shared by the bot and the admin playground). */
export async function planAnswer(tenantId: string, bot: AnswerBot, question: string, customerEvents: PromptCustomerEvent[] = []): Promise<AnswerPlan> {
  const lang = detectLanguage(question);
  const found = await searchKnowledge(tenantId, { query: question, k: 3, knowledgeBaseIds: bot.knowledgeBaseIds });
  const hits = found.map((h) => ({ ...h, confidence: hitConfidence(h), kind: hitKind(h) }));
  const best = hits[0];
  const prompt = buildPrompt(bot, hits, customerEvents);
  const base = { lang, hits, best, prompt };
  if (isInjectionAttempt(question)) return { ...base, decision: "refused", text: cannedAnswers.refusal[lang], citations: [] };
  if (!best || best.confidence < bot.confidenceThreshold) {
    return { ...base, decision: "no_answer", text: cannedAnswers.noAnswer[lang], citations: [] };
  }
  if (bot.fastPath && best.kind === "faq" && best.confidence >= bot.fastPathThreshold) {
    return { ...base, decision: "fast_path", text: best.content, citations: [cite(best)] };
  }
  return { ...base, decision: "model", citations: hits.map(cite) };
}
