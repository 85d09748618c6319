// "Leave a message": when no one can answer now, the visitor's text, contact details and page become a conversation
// the agents see (the inbox's "Left messages" view, search, the visitor panel, REST). Agents answer by email later;
// the reply is recorded on the conversation and sent by hand (Kefu has no mail server to depend on).
import { db } from "../db/client";
import { KefuError } from "../errors";
import { publishToConversation, publishToAgents } from "../realtime";
import { wireMessage } from "../conversations/wire";
import { appendMessage, openConversation, setStatus, statusOf } from "../conversations";
import { cancelBotReply } from "./bot-reply";
import { publishEvent } from "../webhooks/publish";

export type LeftMessageInput = { name?: string; email: string; phone?: string; text: string };

/**
 * Stores the left message in the visitor's open conversation with the bot (a new one if there is none): the text
 * as the visitor's message (so search and transcripts have it), the contact details on the visitor, and the
 * conversation marked as a left message waiting for an agent. Resolves after everything is committed.
 */
export async function leaveMessage(
  tenantId: string,
  bot: { id: string; name: string },
  visitorId: string,
  input: LeftMessageInput,
) {
  const visitor = await db().visitor.findFirst({ where: { id: visitorId, tenantId }, select: { lastPage: true } });
  if (!visitor) throw new KefuError("not_found", "No such visitor");
  const { conversation, created } = await openConversation(tenantId, bot.id, visitorId);
  const row = await db().offlineMessage.create({
    data: {
      tenantId,
      botId: bot.id,
      visitorId,
      conversationId: conversation.id,
      name: input.name || null,
      email: input.email,
      phone: input.phone || null,
      page: visitor.lastPage,
      text: input.text,
    },
    select: { id: true, name: true, email: true, phone: true, page: true, text: true, createdAt: true },
  });
  // the row's id as the client id: a retry after a lost ack cannot store the text twice in the conversation
  const { message } = await appendMessage(tenantId, {
    conversationId: conversation.id,
    role: "visitor",
    text: input.text,
    clientId: `left:${row.id}`,
  });
  await db().$transaction([
    // the form's name, email and phone are the visitor's too, so the inbox shows who left it
    db().visitor.updateMany({
      where: { id: visitorId, tenantId },
      data: {
        email: input.email,
        ...(input.name ? { name: input.name } : {}),
        ...(input.phone ? { phone: input.phone } : {}),
      },
    }),
    db().conversation.updateMany({ where: { id: conversation.id, tenantId }, data: { leftMessageAt: row.createdAt } }),
  ]);
  // a conversation the bot held now waits for an agent; one already waiting (after hours) keeps its reason
  let status = statusOf(conversation);
  if (status === "bot") {
    cancelBotReply(conversation.id);
    await setStatus(tenantId, conversation.id, "waiting", undefined, { handoffReason: "left_message" });
    status = "waiting";
    publishToConversation(tenantId, conversation.id, "status", { status }, { handoffReason: "left_message" });
  }
  if (created)
    publishToAgents(tenantId, "conversation", {
      id: conversation.id,
      status,
      botName: bot.name,
      createdAt: conversation.createdAt.toISOString(),
    });
  publishToConversation(tenantId, conversation.id, "message", wireMessage(message));
  publishToAgents(tenantId, "offline_message", { ...row, conversationId: conversation.id, botId: bot.id, visitorId });
  await publishEvent(tenantId, "message.left", {
    offlineMessageId: row.id,
    conversationId: conversation.id,
    botId: bot.id,
    visitorId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    page: row.page,
    text: row.text,
  });
  return { ...row, conversationId: conversation.id };
}
