import { db } from "../db/client";

export { createVisitor, messagesAfter } from ".";

/** The visitor's open (not closed) conversation with the bot, if any; the widget opens one with its first message. */
export function openConversationIfAny(tenantId: string, botId: string, visitorId: string) {
  return db().conversation.findFirst({
    where: { tenantId, botId, visitorId, status: { not: "closed" } },
    select: { id: true, status: true },
    orderBy: { createdAt: "desc" },
  });
}
