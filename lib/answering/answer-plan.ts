import type { Bot } from "../bots";
import { searchKnowledge, type Hit } from "../knowledge/search";
import { hitConfidence, hitKind } from "./answer-confidence";
import { followUpQuery, isFollowUp } from "./answer-followup";
import { isInjectionAttempt } from "./answer-injection";
import { cannedAnswers, detectLanguage, type Lang } from "./answer-language";
import { buildPrompt, type PromptCustomerEvent } from "./prompt";

export type AnswerKind = "model" | "fast_path" | "no_answer" | "refused" | "fallback" | "busy";
export type RankedHit = Hit & { confidence: number; kind: "faq" | "doc" };
/** `url` or `document`: where the cited entry came from, when it was imported (the widget links a URL) */
export type Citation = { id: string; title: string; score: number; url?: string; document?: string };

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

type AnswerBot = Pick<
  Bot,
  "instructions" | "knowledgeBaseIds" | "confidenceThreshold" | "fastPath" | "fastPathThreshold"
>;

const cite = (h: RankedHit): Citation => ({ id: h.id, title: h.title, score: h.score, ...h.origin });

const rank = (found: Hit[]): RankedHit[] =>
  found.map((h) => ({ ...h, confidence: hitConfidence(h), kind: hitKind(h) }));

/**
 * Retrieval and the rules that decide how a question is answered (shared by the bot and the admin playground).
 * `previousQuestion` gives the visitor's question before this one (read only when needed): a follow-up that finds
 * nothing sure on its own is searched together with it.
 */
export async function planAnswer(
  tenantId: string,
  bot: AnswerBot,
  question: string,
  opts: { previousQuestion?: () => Promise<string | undefined>; customerEvents?: PromptCustomerEvent[] } = {},
): Promise<AnswerPlan> {
  const lang = detectLanguage(question);
  const search = (query: string) => searchKnowledge(tenantId, { query, k: 3, knowledgeBaseIds: bot.knowledgeBaseIds });
  let hits = rank(await search(question));
  if ((!hits[0] || hits[0].confidence < bot.confidenceThreshold) && opts.previousQuestion && isFollowUp(question)) {
    const previous = await opts.previousQuestion();
    if (previous) {
      const joined = rank(await search(followUpQuery(previous, question)));
      if (joined[0] && joined[0].confidence >= bot.confidenceThreshold) hits = joined;
    }
  }
  const best = hits[0];
  const prompt = buildPrompt(bot, hits, opts.customerEvents ?? []);
  const base = { lang, hits, best, prompt };
  if (isInjectionAttempt(question))
    return { ...base, decision: "refused", text: cannedAnswers.refusal[lang], citations: [] };
  if (!best || best.confidence < bot.confidenceThreshold) {
    return { ...base, decision: "no_answer", text: cannedAnswers.noAnswer[lang], citations: [] };
  }
  if (bot.fastPath && best.kind === "faq" && best.confidence >= bot.fastPathThreshold) {
    return { ...base, decision: "fast_path", text: best.content, citations: [cite(best)] };
  }
  return { ...base, decision: "model", citations: hits.map(cite) };
}
