// System lines to the visitor, in the visitor's language only (see lib/i18n/system-lines.ts for the texts).
import { db } from "../db/client";
import type { Locale } from "../i18n/locale";
import { systemText, type SystemArgs, type SystemKey } from "../i18n/system-lines";
import { publishToConversation } from "../realtime";
import { wireMessage } from "./wire";
import { detectLanguage } from "../i18n/detect-language";
import { appendMessage } from ".";

/**
 * The language a conversation's visitor reads: what their widget reported (it follows the bot's language setting,
 * else the browser); for a visitor whose widget never said (REST, an older widget), the bot's fixed language, else
 * the language of the visitor's last message; English when there is none.
 */
export async function visitorLocale(tenantId: string, conversationId: string): Promise<Locale> {
  const c = await db().conversation.findFirst({
    where: { id: conversationId, tenantId },
    select: { visitor: { select: { language: true } }, bot: { select: { language: true } } },
  });
  const said = c?.visitor.language ?? (c?.bot.language !== "auto" ? c?.bot.language : null);
  if (said === "en" || said === "zh-CN") return said;
  const last = await db().message.findFirst({
    where: { tenantId, conversationId, role: "visitor" },
    orderBy: { seq: "desc" },
    select: { text: true },
  });
  return last && detectLanguage(last.text) === "zh" ? "zh-CN" : "en";
}

/** The text of a line as the conversation's visitor reads it. */
export async function lineForVisitor(tenantId: string, conversationId: string, key: SystemKey, args?: SystemArgs) {
  return systemText(key, await visitorLocale(tenantId, conversationId), args);
}

/** Stores a system line in the visitor's language, keeps its key for the inbox, and sends it to both sides. */
export async function announceLine(tenantId: string, conversationId: string, key: SystemKey, args?: SystemArgs) {
  const text = await lineForVisitor(tenantId, conversationId, key, args);
  const { message } = await appendMessage(tenantId, { conversationId, role: "system", text });
  await db().message.updateMany({
    where: { id: message.id, tenantId },
    data: { systemKey: key, ...(args ? { systemArgs: args } : {}) },
  });
  // the key reaches agents only: the visitor's widget shows the text as written for them
  publishToConversation(tenantId, conversationId, "message", wireMessage(message), {
    systemKey: key,
    ...(args ? { systemArgs: args } : {}),
  });
  return message;
}
