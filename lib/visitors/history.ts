// An identified person's past conversations with a bot, for the widget on any of their devices. Only for a user id
// the customer's server signed: the visitor token alone is not enough, so a page that stopped vouching for the
// user (signed out without Kefu.reset) gets nothing of their past, and an anonymous visitor never has one.
import { db } from "../db/client";
import { KefuError } from "../errors";
import { verifyUserSignature } from "../tenants/widget-secret";
import { messageSelect } from "../conversations";

const CONVERSATIONS = 10; // the most recent closed ones
const MESSAGES = 100; // the last messages of each

export type HistoryInput = { userId: string; signature: string };

export async function visitorHistory(tenantId: string, botId: string, visitorId: string, input: HistoryInput) {
  if (!(await verifyUserSignature(tenantId, input.userId, input.signature))) {
    throw new KefuError(
      "forbidden",
      "The identity's signature is wrong: sign the user id with HMAC-SHA256 and the tenant's widget secret (see docs/widget.md)",
    );
  }
  // the signature must name the visitor this socket is: a signed id of another user opens nobody else's past
  const visitor = await db().visitor.findFirst({ where: { id: visitorId, tenantId }, select: { externalId: true } });
  if (!visitor || visitor.externalId !== input.userId) {
    throw new KefuError("conflict", "This chat is not signed in as that user: call Kefu.identify first");
  }
  const conversations = await db().conversation.findMany({
    where: { tenantId, botId, visitorId, status: "closed" },
    select: {
      id: true,
      createdAt: true,
      closedAt: true,
      // notes are internal: never to the visitor
      messages: { where: { internal: false }, select: messageSelect, orderBy: { seq: "desc" }, take: MESSAGES },
    },
    orderBy: { createdAt: "desc" },
    take: CONVERSATIONS,
  });
  return conversations.reverse().map((c) => ({ ...c, messages: c.messages.reverse() }));
}
