// A visitor's personal data on request (PIPL / GDPR): everything Kefu holds about them as JSON, and its erasure.
import { db } from "../db/client";
import { KefuError } from "../errors";

/** The visitor by Kefu's id or the customer's own id (externalId), within the tenant only. */
export async function findVisitor(tenantId: string, idOrExternalId: string) {
  const v = await db().visitor.findFirst({
    where: { tenantId, OR: [{ id: idOrExternalId }, { externalId: idOrExternalId }] },
    select: {
      id: true,
      externalId: true,
      name: true,
      email: true,
      phone: true,
      language: true,
      lastPage: true,
      userAgent: true,
      lastSeenAt: true,
      createdAt: true,
    },
  });
  // another tenant's visitor answers exactly like one that does not exist
  if (!v) throw new KefuError("not_found", `No visitor ${idOrExternalId}`);
  return v;
}

export async function exportVisitor(tenantId: string, idOrExternalId: string) {
  const profile = await findVisitor(tenantId, idOrExternalId);
  const conversations = await db().conversation.findMany({
    where: { tenantId, visitorId: profile.id },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      botId: true,
      status: true,
      createdAt: true,
      closedAt: true,
      handoffReason: true,
      labels: true,
      rating: true,
      ratingComment: true,
      messages: {
        where: { tenantId },
        orderBy: { seq: "asc" },
        select: { id: true, seq: true, role: true, text: true, internal: true, createdAt: true },
      },
    },
  });
  const leftMessages = await db().offlineMessage.findMany({
    where: { tenantId, visitorId: profile.id },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      botId: true,
      conversationId: true,
      name: true,
      email: true,
      phone: true,
      page: true,
      text: true,
      createdAt: true,
      handledAt: true,
    },
  });
  // the agents' email answers to those left messages carry the visitor's address and what was written to them
  const emailReplies = await db().emailReply.findMany({
    where: { tenantId, conversationId: { in: conversations.map((c) => c.id) } },
    orderBy: { createdAt: "asc" },
    select: { id: true, conversationId: true, toEmail: true, text: true, createdAt: true, sentAt: true },
  });
  // what the tenant's own systems sent about this customer (POST /api/v1/events)
  const customerEvents = await db().customerEvent.findMany({
    where: { tenantId, visitorId: profile.id },
    orderBy: { occurredAt: "asc" },
    select: { id: true, type: true, title: true, data: true, occurredAt: true, createdAt: true },
  });
  const ratings = conversations
    .filter((c) => c.rating != null)
    .map((c) => ({ conversationId: c.id, rating: c.rating, comment: c.ratingComment }));
  const events = conversations.flatMap((c) => [
    { at: c.createdAt, conversationId: c.id, event: "conversation_started" },
    ...(c.handoffReason ? [{ at: c.createdAt, conversationId: c.id, event: `handoff:${c.handoffReason}` }] : []),
    ...(c.closedAt ? [{ at: c.closedAt, conversationId: c.id, event: "conversation_closed" }] : []),
  ]);
  return {
    exportedAt: new Date(),
    profile,
    conversations: conversations.map(({ rating: _r, ratingComment: _c, ...c }) => c),
    leftMessages,
    emailReplies,
    customerEvents,
    ratings,
    events,
  };
}

/**
 * Deletes every row about the visitor: the profile, their conversations and messages (the search index rows go with
 * the messages by their foreign key), left messages and the agents' email answers to them, customer events, ratings,
 * and the knowledge gaps their questions opened. What is
 * returned (counts only) is what the audit log may keep: no text and no contact detail.
 */
export async function eraseVisitor(tenantId: string, idOrExternalId: string) {
  const { id } = await findVisitor(tenantId, idOrExternalId);
  return db().$transaction(async (tx) => {
    const convs = await tx.conversation.findMany({ where: { tenantId, visitorId: id }, select: { id: true } });
    const conversationIds = convs.map((c) => c.id);
    const messages = await tx.message.count({ where: { tenantId, conversationId: { in: conversationIds } } });
    await tx.knowledgeGap.deleteMany({ where: { tenantId, conversationId: { in: conversationIds } } });
    const left = await tx.offlineMessage.deleteMany({ where: { tenantId, visitorId: id } });
    // explicit, though the foreign keys would cascade: erasure must not depend on a constraint someone may drop
    const replies = await tx.emailReply.deleteMany({ where: { tenantId, conversationId: { in: conversationIds } } });
    const events = await tx.customerEvent.deleteMany({ where: { tenantId, visitorId: id } });
    // webhook deliveries carry their conversation's messages and the visitor's contact details in their payload (and
    // have no foreign key to the conversation to cascade by); a delivery not yet sent is not sent any more
    await tx.webhookDelivery.deleteMany({ where: { tenantId, conversationId: { in: conversationIds } } });
    await tx.message.deleteMany({ where: { tenantId, conversationId: { in: conversationIds } } });
    await tx.conversation.deleteMany({ where: { tenantId, visitorId: id } });
    await tx.visitor.deleteMany({ where: { tenantId, id } });
    return {
      visitorId: id,
      conversations: conversationIds.length,
      messages,
      leftMessages: left.count,
      emailReplies: replies.count,
      customerEvents: events.count,
    };
  });
}
