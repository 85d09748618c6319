// "Leave a message": when no one can answer now, the visitor's text, contact details and page become a conversation
// the agents see (the inbox's "Left messages" view, search, the visitor panel, REST). Agents answer by email later;
// the reply is recorded on the conversation and sent by hand (Kefu has no mail server to depend on).
import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { emitConversationEvent, emitToAgents, wireMessage } from "../realtime/emit";
import { appendMessage, getConversation, openConversation, setStatus } from ".";
import { cancelBotReply } from "./bot-reply";

export type LeftMessageInput = { name?: string; email: string; phone?: string; text: string };

/**
 * Stores the left message in the visitor's open conversation with the bot (a new one if there is none): the text
 * as the visitor's message (so search and transcripts have it), the contact details on the visitor, and the
 * conversation marked as a left message waiting for an agent. Resolves after everything is committed.
 */
export async function leaveMessage(tenantId: string, bot: { id: string; name: string }, visitorId: string, input: LeftMessageInput) {
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
  const { message } = await appendMessage(tenantId, { conversationId: conversation.id, role: "visitor", text: input.text, clientId: `left:${row.id}` });
  await db().$transaction([
    // the form's name, email and phone are the visitor's too, so the inbox shows who left it
    db().visitor.updateMany({
      where: { id: visitorId, tenantId },
      data: { email: input.email, ...(input.name ? { name: input.name } : {}), ...(input.phone ? { phone: input.phone } : {}) },
    }),
    db().conversation.updateMany({ where: { id: conversation.id, tenantId }, data: { leftMessageAt: row.createdAt } }),
  ]);
  // a conversation the bot held now waits for an agent; one already waiting (after hours) keeps its reason
  let status = conversation.status;
  if (status === "bot") {
    cancelBotReply(conversation.id);
    await setStatus(tenantId, conversation.id, "waiting", undefined, { handoffReason: "left_message" });
    status = "waiting";
    emitConversationEvent(tenantId, conversation.id, "status", { status }, { handoffReason: "left_message" });
  }
  if (created) emitToAgents(tenantId, "conversation", { id: conversation.id, status, botName: bot.name, createdAt: conversation.createdAt });
  emitConversationEvent(tenantId, conversation.id, "message", wireMessage(message));
  emitToAgents(tenantId, "offline_message", { ...row, conversationId: conversation.id, botId: bot.id, visitorId });
  return { ...row, conversationId: conversation.id };
}

export type LeftMessage = { text: string; name: string | null; email: string; phone: string | null; page: string | null; at: Date };

/** The latest left message of each conversation (within the tenant). */
export async function leftMessagesOf(tenantId: string, conversationIds: string[]): Promise<Map<string, LeftMessage>> {
  if (!conversationIds.length) return new Map();
  const rows = await db().offlineMessage.findMany({
    where: { tenantId, conversationId: { in: conversationIds } },
    select: { conversationId: true, text: true, name: true, email: true, phone: true, page: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  return new Map(rows.map((r) => [r.conversationId!, { text: r.text, name: r.name, email: r.email, phone: r.phone, page: r.page, at: r.createdAt }]));
}

export const emailReplySchema = z.object({
  conversationId: z.string().min(1).max(100),
  text: z.string({ error: "text is required" }).trim().min(1, "The reply is empty").max(10_000, "The reply is longer than 10000 characters"),
});

/** Records an agent's email answer to the conversation's left message; the agent sends it by hand. */
export async function recordEmailReply(tenantId: string, authorId: string, input: z.input<typeof emailReplySchema>) {
  const { conversationId, text } = emailReplySchema.parse(input);
  await getConversation(tenantId, conversationId); // another tenant's id answers not_found
  const left = (await leftMessagesOf(tenantId, [conversationId])).get(conversationId);
  if (!left) throw new KefuError("conflict", "This conversation has no left message to answer by email");
  const reply = await db().emailReply.create({
    data: { tenantId, conversationId, authorId, toEmail: left.email, text },
    select: emailReplySelect,
  });
  await db().offlineMessage.updateMany({ where: { tenantId, conversationId, handledAt: null }, data: { handledAt: reply.createdAt } });
  emitToAgents(tenantId, "email_reply", { conversationId, reply });
  return reply;
}

const emailReplySelect = { id: true, authorId: true, toEmail: true, text: true, createdAt: true, sentAt: true } as const;

export function emailRepliesOf(tenantId: string, conversationId: string) {
  return db().emailReply.findMany({ where: { tenantId, conversationId }, select: emailReplySelect, orderBy: { createdAt: "asc" } });
}
