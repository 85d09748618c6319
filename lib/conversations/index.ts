import { z } from "zod";
import { db } from "../db/client";
import { KefuError, MAX_MESSAGE_CHARS } from "../errors";
import { publishEvent } from "../webhooks/publish";
import { appendBatched } from "./append-batch";
import type { StageTrace } from "./trace";
import type { ConversationStatus as WireStatus, Role } from "../../widget/socket-events";

export const conversationStatusSchema = z.enum(["bot", "waiting", "agent", "closed"]) satisfies z.ZodType<WireStatus>;
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;
export type MessageRole = Role;
/** A stored conversation's status, typed: the column holds only what setStatus and openConversation wrote. */
export const statusOf = (c: { status: string }) => c.status as ConversationStatus;

export const messageTextSchema = z
  .string({ error: "text must be a string" })
  .trim()
  .min(1, "The message is empty")
  .max(MAX_MESSAGE_CHARS, `The message is longer than ${MAX_MESSAGE_CHARS} characters`);

export const clientIdSchema = z.string().min(1).max(100);

export const messageSelect = {
  id: true,
  seq: true,
  conversationId: true,
  role: true,
  text: true,
  clientId: true,
  createdAt: true,
  model: true,
  citations: true,
} as const;

export type StoredMessage = {
  id: string;
  seq: number;
  conversationId: string;
  role: string;
  text: string;
  clientId: string | null;
  createdAt: Date;
  model: string | null;
  citations: unknown;
};

export const conversationSelect = {
  id: true,
  tenantId: true,
  botId: true,
  visitorId: true,
  status: true,
  assigneeId: true,
  lastSeq: true,
  createdAt: true,
  updatedAt: true,
  closedAt: true,
} as const;

export async function createVisitor(tenantId: string) {
  return db().visitor.create({ data: { tenantId }, select: { id: true } });
}

/** The visitor's open conversation with the bot, or a new one. */
export async function openConversation(tenantId: string, botId: string, visitorId: string) {
  const open = await db().conversation.findFirst({
    where: { tenantId, botId, visitorId, status: { not: "closed" } },
    select: conversationSelect,
    orderBy: { createdAt: "desc" },
  });
  if (open) return { conversation: open, created: false };
  try {
    const conversation = await db().conversation.create({
      data: { tenantId, botId, visitorId },
      select: conversationSelect,
    });
    await publishEvent(tenantId, "conversation.created", {
      conversationId: conversation.id,
      botId,
      visitorId,
      status: conversation.status,
    });
    return { conversation, created: true };
  } catch (err) {
    // a concurrent first message created it (unique open conversation per visitor and bot): use that one
    if ((err as { code?: string }).code !== "P2002") throw err;
    const conversation = await db().conversation.findFirstOrThrow({
      where: { tenantId, botId, visitorId, status: { not: "closed" } },
      select: conversationSelect,
    });
    return { conversation, created: false };
  }
}

export async function getConversation(tenantId: string, id: string) {
  const c = await db().conversation.findFirst({ where: { id, tenantId }, select: conversationSelect });
  if (!c) throw new KefuError("not_found", "No such conversation");
  return c;
}

/**
 * Messages of a conversation with seq > afterSeq, in order. Internal notes are left out: this is what visitors
 * (the widget's replay) and API transcripts get; the inbox reads notes through lib/conversations/inbox.ts.
 */
export async function messagesAfter(tenantId: string, conversationId: string, afterSeq = 0, take = 500) {
  return db().message.findMany({
    where: { tenantId, conversationId, seq: { gt: afterSeq }, internal: false },
    select: messageSelect,
    orderBy: { seq: "asc" },
    take,
  });
}

export type AppendInput = {
  conversationId: string;
  role: MessageRole;
  text: string;
  clientId?: string;
  id?: string;
  authorId?: string;
  model?: string;
  variant?: string;
  degraded?: boolean;
  tokens?: number;
  firstTokenMs?: number;
  durationMs?: number;
  citations?: unknown;
  internal?: boolean;
  answerKind?: string;
  /** a bot answer's stages and prompt tokens (lib/conversations/trace.ts), written with the message */
  trace?: StageTrace;
  /** refused with `busy` instead of queued when the writer is overloaded (a client's message, which it resends) */
  sheddable?: boolean;
  /** fail with `closed` when the conversation was closed (the caller's remembered open conversation is stale) */
  openOnly?: boolean;
};

/**
 * Stores a message with the conversation's next sequence number. A client id already stored in the conversation
 * returns that message (duplicate: true) instead of storing it twice. Resolves only after the message is committed;
 * concurrent calls are written together (group commit, see append-batch.ts) in the order they were made.
 */
export async function appendMessage(
  tenantId: string,
  input: AppendInput,
): Promise<{ message: StoredMessage; duplicate: boolean; status?: string }> {
  const stored = await appendBatched(tenantId, input);
  // queued before the caller acknowledges: a conversation's events are queued in the order its messages were stored
  if (!stored.duplicate && !input.internal) {
    const m = stored.message;
    await publishEvent(tenantId, "message.created", {
      conversationId: m.conversationId,
      message: { id: m.id, seq: m.seq, role: m.role, text: m.text, createdAt: m.createdAt.toISOString() },
    });
  }
  return stored;
}

export async function setStatus(
  tenantId: string,
  id: string,
  status: ConversationStatus,
  assigneeId?: string | null,
  extra: { handoffReason?: string } = {},
) {
  const { count } = await db().conversation.updateMany({
    where: { id, tenantId },
    data: {
      status,
      ...extra,
      ...(assigneeId !== undefined ? { assigneeId } : {}),
      closedAt: status === "closed" ? new Date() : null,
    },
  });
  if (!count) throw new KefuError("not_found", "No such conversation");
  const conv = await getConversation(tenantId, id);
  if (status === "closed")
    await publishEvent(tenantId, "conversation.closed", {
      conversationId: id,
      closedAt: conv.closedAt?.toISOString() ?? null,
    });
  return conv;
}

/** Recent turns for the bot's prompt. */
export async function recentMessages(tenantId: string, conversationId: string, take = 10) {
  const rows = await db().message.findMany({
    // internal notes never reach the bot's prompt, or the bot could repeat them to the visitor
    where: { tenantId, conversationId, role: { in: ["visitor", "bot", "agent"] }, internal: false },
    select: { role: true, text: true },
    orderBy: { seq: "desc" },
    take,
  });
  return rows.reverse();
}

export async function countOpenConversations(tenantId?: string) {
  return db().conversation.count({ where: { status: { not: "closed" }, ...(tenantId ? { tenantId } : {}) } });
}
