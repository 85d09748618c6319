import type { ChatHistoryItem } from "node-llama-cpp";
import { buildSystemPrompt } from "../../lib/answering/bot-reply";
import { rankBm25 } from "../../lib/knowledge/search";
import { tokenize } from "../../lib/knowledge/tokenize";

export const root = process.cwd();

// The fixed workload: one shop, a few knowledge entries, one question that retrieves one of them.

export const INSTRUCTIONS =
  "You are the customer-service assistant of Lotus Tea, an online tea shop. Answer briefly and politely.";
export const ENTRIES = [
  {
    title: "How long does shipping take?",
    content:
      "Orders ship within 2 business days from our Hangzhou warehouse. Delivery takes 3 to 5 days in mainland China and 7 to 12 days abroad.",
  },
  {
    title: "Returns and refunds",
    content: "Unopened tea can be returned within 30 days for a full refund. Opened packages can be exchanged once.",
  },
  { title: "Payment methods", content: "We accept Alipay, WeChat Pay, UnionPay and international credit cards." },
  {
    title: "Storing tea",
    content: "Keep tea in an airtight tin away from light, heat and strong smells. Green tea keeps best in the fridge.",
  },
  {
    title: "Wholesale orders",
    content: "Shops and cafés can order from 5 kg with a 20% discount. Write to wholesale@lotus-tea.example.",
  },
];
export const QUESTION = "How long does shipping to Shanghai take?";

/** The exact system prompt Kefu builds for QUESTION over ENTRIES (same ranking code, same template). */
export function kefuSystemPrompt() {
  const docs = ENTRIES.map((e, i) => ({
    id: String(i),
    ...e,
    tokens: [...tokenize(e.title), ...tokenize(e.title), ...tokenize(e.content)],
  }));
  const hits = rankBm25(docs, QUESTION, 3);
  if (!hits.length) throw new Error("bench: the question retrieves nothing; fix ENTRIES/QUESTION");
  return buildSystemPrompt({ instructions: INSTRUCTIONS }, hits);
}

export const chatHistory = (system: string): ChatHistoryItem[] => [
  { type: "system", text: system },
  { type: "user", text: QUESTION },
  { type: "model", response: [] },
];
