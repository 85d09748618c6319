// A visitor's left messages as the inbox and REST read them, and an agent's email answer recorded on them (storing a
// left message, which stops the bot's answer, is lib/answering/left-message.ts).
import { z } from "zod";
import { db } from "../db/client";
import { KefuError } from "../errors";
import { publishToAgents } from "../realtime";
import { getConversation } from ".";

export type LeftMessage = {
  text: string;
  name: string | null;
  email: string;
  phone: string | null;
  page: string | null;
  at: Date;
};

/** The latest left message of each conversation (within the tenant). */
export async function leftMessagesOf(tenantId: string, conversationIds: string[]): Promise<Map<string, LeftMessage>> {
  if (!conversationIds.length) return new Map();
  const rows = await db().offlineMessage.findMany({
    where: { tenantId, conversationId: { in: conversationIds } },
    select: { conversationId: true, text: true, name: true, email: true, phone: true, page: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  return new Map(
    rows.map((r) => [
      r.conversationId!,
      { text: r.text, name: r.name, email: r.email, phone: r.phone, page: r.page, at: r.createdAt },
    ]),
  );
}

export const emailReplySchema = z.object({
  conversationId: z.string().min(1).max(100),
  text: z
    .string({ error: "text is required" })
    .trim()
    .min(1, "The reply is empty")
    .max(10_000, "The reply is longer than 10000 characters"),
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
  await db().offlineMessage.updateMany({
    where: { tenantId, conversationId, handledAt: null },
    data: { handledAt: reply.createdAt },
  });
  publishToAgents(tenantId, "email_reply", { conversationId, reply });
  return reply;
}

const emailReplySelect = {
  id: true,
  authorId: true,
  toEmail: true,
  text: true,
  createdAt: true,
  sentAt: true,
} as const;

export function emailRepliesOf(tenantId: string, conversationId: string) {
  return db().emailReply.findMany({
    where: { tenantId, conversationId },
    select: emailReplySelect,
    orderBy: { createdAt: "asc" },
  });
}
