import { db } from "../db/client";
import { KefuError } from "../errors";
import { publishEvent } from "../webhooks/publish";

export { createVisitor, messagesAfter } from ".";

/** The visitor's open (not closed) conversation with the bot, if any; the widget opens one with its first message. */
export function openConversationIfAny(tenantId: string, botId: string, visitorId: string) {
  return db().conversation.findFirst({
    where: { tenantId, botId, visitorId, status: { not: "closed" } },
    select: { id: true, status: true, visitorReadSeq: true, handoffReason: true },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * Handed over after hours and no agent has joined yet: the widget keeps offering the leave-a-message form, also to a
 * visitor who reloads the page.
 */
export function leavesMessage(conv: { status: string; handoffReason: string | null } | null | undefined): boolean {
  return conv?.status === "waiting" && conv.handoffReason === "after_hours";
}

/** The visitor has seen their conversation up to `seq` (for the unread badge on their next page view). */
export async function markVisitorRead(tenantId: string, visitorId: string, conversationId: string, seq: number) {
  await db().conversation.updateMany({
    where: { id: conversationId, tenantId, visitorId, visitorReadSeq: { lt: seq }, lastSeq: { gte: seq } },
    data: { visitorReadSeq: seq },
  });
}

/**
 * The visitor's CSAT for one of their own closed conversations, once. Another visitor's or tenant's conversation
 * answers like one that does not exist.
 */
export async function rateConversation(
  tenantId: string,
  visitorId: string,
  input: { conversationId: string; rating: number; comment?: string },
) {
  const conv = await db().conversation.findFirst({
    where: { id: input.conversationId, tenantId, visitorId },
    select: { id: true, status: true, rating: true },
  });
  if (!conv) throw new KefuError("not_found", "No such conversation");
  if (conv.status !== "closed") throw new KefuError("conflict", "A conversation can be rated once it is closed");
  // rating IS NULL in the same statement: two rates racing store one
  const { count } = await db().conversation.updateMany({
    where: { id: conv.id, tenantId, visitorId, status: "closed", rating: null },
    data: { rating: input.rating, ratingComment: input.comment || null, ratedAt: new Date() },
  });
  if (!count) throw new KefuError("conflict", "This conversation was already rated");
  await publishEvent(tenantId, "csat.received", {
    conversationId: conv.id,
    visitorId,
    rating: input.rating,
    comment: input.comment || null,
  });
  return { conversationId: conv.id, rating: input.rating, comment: input.comment || null };
}
