import { generateText } from "ai";
import { db } from "../db/client";
import { engine } from "../llm/engine";
import { createLlamaCppModel } from "../llm/provider";
import { envVar } from "../env";
import { log } from "../log";

const ASKS_FOR_HUMAN = /^\W*(human|agent|person|operator|talk to (a )?human|人工|转人工|人工客服|真人)\W*$/i;
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1).trimEnd() + "…" : s);

async function transcript(tenantId: string, conversationId: string, take = 20) {
  const rows = await db().message.findMany({
    where: { tenantId, conversationId, internal: false, role: { in: ["visitor", "bot", "agent"] } },
    select: { role: true, text: true },
    orderBy: { seq: "desc" },
    take,
  });
  return rows.reverse();
}

/** Without a model (or when it fails): the visitor's last questions, in their own words. */
export async function extractiveSummary(tenantId: string, conversationId: string): Promise<string | null> {
  const turns = await transcript(tenantId, conversationId);
  const asked = turns
    .filter((t) => t.role === "visitor" && !ASKS_FOR_HUMAN.test(t.text.trim()))
    .map((t) => clip(t.text.trim().replace(/\s+/g, " "), 200));
  if (!asked.length) return null;
  return `Visitor asked: ${asked.slice(-3).join(" · ")}`;
}

const INSTRUCTIONS =
  "You summarise a customer-service chat for the human agent taking it over. In one or two short sentences, say what the visitor wants and what the bot already answered. Write in the visitor's language. No greeting.";

/**
 * A short summary by the local model, within `timeoutMs`; null without a model, on a failure, on timeout, or when
 * the model says nothing useful (the caller keeps the extractive one alone then).
 */
export async function modelSummary(
  tenantId: string,
  conversationId: string,
  timeoutMs = envVar("KEFU_SUMMARY_TIMEOUT_MS"),
): Promise<string | null> {
  const e = engine();
  if (!e.ready) return null;
  const turns = await transcript(tenantId, conversationId);
  if (!turns.some((t) => t.role === "visitor")) return null;
  const chat = turns
    .map((t) => `${t.role === "visitor" ? "Visitor" : t.role === "bot" ? "Bot" : "Agent"}: ${clip(t.text, 500)}`)
    .join("\n");
  try {
    const { text } = await generateText({
      model: createLlamaCppModel(e),
      system: INSTRUCTIONS,
      prompt: `${chat}\n\nSummary:`,
      temperature: 0.2,
      maxOutputTokens: 80,
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
    const summary = clip(text.trim().replace(/\s+/g, " "), 400);
    return summary.length >= 8 ? summary : null;
  } catch (err) {
    log.warn("handoff summary by the model failed", { err });
    return null;
  }
}

/** The visitor's questions always stay first; the model's summary (which may be poor) comes after, labelled. */
export function withModelSummary(factual: string | null, byModel: string): string {
  return factual ? `${factual}\nSummary by the model: ${byModel}` : `Summary by the model: ${byModel}`;
}

export async function storeSummary(tenantId: string, conversationId: string, summary: string) {
  await db().conversation.updateMany({ where: { id: conversationId, tenantId }, data: { summary } });
}
