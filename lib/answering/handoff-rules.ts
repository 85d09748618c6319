import { z } from "zod";
import type { Bot, BusinessHours } from "../bots";
import { db } from "../db/client";
import { handOff, type HandoffReason } from "../conversations/handoff";
import { announceLine } from "../conversations/system-lines";
import { onlineAgentIds } from "../realtime";

// The visitor asks for a person in words. Whole-message short requests ("human", "转人工") and requests inside a
// sentence ("can I talk to a person?", "我要找人工") both count; mentioning a "human resources" page does not.
const HUMAN_WORDS = [
  /^\s*(human|agent|person|operator|representative|real person|live agent|customer service)\s*(please|pls)?[.!?。！？]*\s*$/i,
  /\b(talk|speak|chat|connect|transfer|put)\b[\s\S]{0,30}\b(human|person|agent|operator|representative|someone real|real person|somebody|staff|customer service)\b/i,
  /\b(want|need|get|give)\b[\s\S]{0,15}\b(a|an|the|real|live)\s+(human|person|agent|operator|representative)\b/i,
  /\b(human|live|real)\s+(agent|support|person|being)\b/i,
  /^\s*(人工|转人工|人工客服|真人|客服)\s*[.!?。！？]*\s*$/,
  /(转|找|要|接|换|叫|联系|需要|呼叫)\s*(一下)?\s*(人工|真人|客服人员|人工客服|工作人员|真人客服)/,
  /(人工|真人)\s*(客服|服务|坐席)/,
];

export function asksForHuman(text: string): boolean {
  return HUMAN_WORDS.some((p) => p.test(text));
}

/** The first of the bot's handoff keywords in the text (case-insensitive), if any. */
export function matchedKeyword(text: string, keywords: string[]): string | undefined {
  const t = text.normalize("NFKC").toLowerCase();
  return keywords.find((k) => k.trim() && t.includes(k.normalize("NFKC").toLowerCase().trim()));
}

/** Whether agents are there now. No business hours set means always. */
export function withinBusinessHours(hours: BusinessHours | null, now = new Date()): boolean {
  if (!hours) return true;
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: hours.timezone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"));
  const time = `${get("hour")}:${get("minute")}`;
  return hours.days.includes(day) && time >= hours.from && time < hours.to;
}

/** The rule a visitor's message triggers before the bot answers, if any. */
export function ruleForMessage(bot: Pick<Bot, "handoffKeywords">, text: string): HandoffReason | undefined {
  if (asksForHuman(text)) return "visitor_asked";
  if (matchedKeyword(text, bot.handoffKeywords ?? [])) return "keyword";
  return undefined;
}

// a short "yes" to the bot's offer of a person after it could not answer
const YES = [
  /^\s*(yes|yeah|yep|sure|ok|okay|please)\b[\s,!.]*(please|do|thanks|thank you)?[\s!.]*$/i,
  /^\s*(好|好的|好啊|是|是的|可以|要|需要|嗯|行)[的啊吧呀，,。！!.\s]*$/,
];

/** The visitor says yes right after the bot said it does not know and offered a person. */
export async function acceptsHumanOffer(tenantId: string, conversationId: string, text: string): Promise<boolean> {
  if (!YES.some((p) => p.test(text))) return false;
  const last = await db().message.findFirst({
    where: { tenantId, conversationId, role: { in: ["bot", "agent"] } },
    orderBy: { seq: "desc" },
    select: { answerKind: true },
  });
  return last?.answerKind === "no_answer";
}

export const handoffRequestSchema = z.object({}).strict().optional();

/**
 * Hands the conversation to the agents for `reason`, or — outside the bot's business hours — records "after_hours"
 * and asks the visitor to leave a message. A system message says why. Returns what the widget should show, or
 * undefined when the bot was no longer in charge.
 */
export async function escalate(
  bot: Pick<Bot, "businessHours">,
  tenantId: string,
  conversationId: string,
  reason: HandoffReason,
  opts: { announce?: boolean; now?: Date } = {},
) {
  const open = withinBusinessHours(bot.businessHours, opts.now);
  const recorded: HandoffReason = open ? reason : "after_hours";
  // promising "an agent will join you" with nobody online contradicts the leave-a-message form the widget shows
  // next (it asks "availability"): the line says no one is there instead; the conversation still waits in the queue.
  // Asked before the handoff, so the line follows it at once (routing may announce an agent's joining right after).
  const nobody = open && (await onlineAgentIds(tenantId)).length === 0;
  if (!(await handOff(tenantId, conversationId, recorded))) return undefined;
  // the fallback answers of the error paths already say an agent is coming; after hours or with nobody online that
  // needs correcting
  if (opts.announce !== false || !open || nobody) {
    await announceLine(tenantId, conversationId, nobody ? "no_agent" : recorded);
  }
  return { status: "waiting" as const, reason: recorded, leaveMessage: !open || nobody };
}
