import type { Bot } from "../bots";
import { KefuError, MAX_MESSAGE_CHARS } from "../errors";
import { poolBusy } from "../db/pool";
import { recordMessage } from "../metrics";
import { publishToConversation, publishToAgents } from "../realtime";
import { wireMessage } from "../conversations/wire";
import { busyError } from "../conversations/append-batch";
import { botReply, cancelBotReply, settleBotReply } from "./bot-reply";
import { acceptsHumanOffer, escalate, ruleForMessage } from "./handoff-rules";
import { announceLine } from "../conversations/system-lines";
import {
  appendMessage,
  getConversation,
  messageTextSchema,
  openConversation,
  setStatus,
  statusOf,
  type ConversationStatus,
} from "../conversations";
import { log } from "../log";

export function parseText(text: unknown): string {
  // the common case without zod (this runs for every message); anything else gets zod's exact error
  if (typeof text === "string") {
    const t = text.trim();
    if (t.length >= 1 && t.length <= MAX_MESSAGE_CHARS) return t;
  }
  const parsed = messageTextSchema.safeParse(text);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const code = issue.code === "too_big" ? "too_long" : issue.code === "too_small" ? "empty" : "bad_request";
  throw new KefuError(code, issue.message);
}

async function changeStatus(
  tenantId: string,
  conversationId: string,
  status: ConversationStatus,
  assigneeId?: string | null,
) {
  const conv = await setStatus(tenantId, conversationId, status, assigneeId);
  publishToConversation(tenantId, conversationId, "status", { status }, { assigneeId: conv.assigneeId });
  return conv;
}

/**
 * A visitor's message: stored (idempotent by client id), acknowledged by the caller once this resolves, shown to
 * the tenant's agents, and answered by the bot while it is in charge. `knownConversationId` is the open conversation
 * the caller remembers (the socket's): then the only query is the batched insert, which also reads the
 * conversation's status under its row lock; if it was closed meanwhile, the open conversation is looked up (or
 * created) as without one — the database's unique open conversation per visitor stays the source of truth.
 */
export async function postVisitorMessage(
  bot: Bot,
  visitorId: string,
  input: { clientId: string; text: unknown },
  onConversation: (conversationId: string, created: boolean) => void,
  knownConversationId?: string | null,
) {
  const text = parseText(input.text);
  const startedAt = Date.now();
  let stored: Awaited<ReturnType<typeof appendMessage>> | undefined;
  let conversationId = knownConversationId ?? "";
  if (knownConversationId) {
    await settleBotReply(knownConversationId, input.clientId);
    stored = await appendMessage(bot.tenantId, {
      conversationId,
      role: "visitor",
      text,
      clientId: input.clientId,
      sheddable: true,
      openOnly: true,
    }).catch((err) => {
      if (err instanceof KefuError && (err.code === "closed" || err.code === "not_found")) return undefined;
      throw err;
    });
  }
  let created = false;
  if (!stored) {
    // the lookup goes through the shared pool: refuse at once rather than queue behind thousands of others
    if (poolBusy()) throw busyError;
    const opened = await openConversation(bot.tenantId, bot.id, visitorId);
    const conversation = opened.conversation;
    created = opened.created;
    conversationId = conversation.id;
    onConversation(conversation.id, created);
    await settleBotReply(conversationId, input.clientId);
    stored = await appendMessage(bot.tenantId, {
      conversationId,
      role: "visitor",
      text,
      clientId: input.clientId,
      sheddable: true,
    });
    if (created)
      publishToAgents(bot.tenantId, "conversation", {
        id: conversation.id,
        status: statusOf(conversation),
        botName: bot.name,
        createdAt: conversation.createdAt.toISOString(),
      });
  }
  const { message, duplicate } = stored;
  if (duplicate) return message;
  recordMessage(bot.tenantId, "visitor");
  publishToConversation(bot.tenantId, conversationId, "message", wireMessage(message));
  const conversation = { id: conversationId, status: stored.status ?? "bot" };
  const after = async () => {
    // handoff rules that need no answer first: the visitor asks for a person, a handoff keyword, or a "yes" to
    // the person the bot offered when it could not answer (low confidence)
    const rule =
      conversation.status !== "bot"
        ? undefined
        : (ruleForMessage(bot, text) ??
          ((await acceptsHumanOffer(bot.tenantId, conversation.id, text)) ? "low_confidence" : undefined));
    if (rule) {
      cancelBotReply(conversation.id);
      await escalate(bot, bot.tenantId, conversation.id, rule);
    } else if (conversation.status === "bot") {
      await botReply(bot.tenantId, bot, conversation.id, text, startedAt, input.clientId);
    }
  };
  // the answer streams after the ack; it must never hold the ack back. Only while the bot is in charge is there
  // anything to do (no rule or answer otherwise): no task per message for conversations agents hold
  if (conversation.status === "bot")
    setImmediate(
      () =>
        void after().catch((err) =>
          log.error("after the visitor's message", { tenantId: bot.tenantId, conversationId: conversation.id, err }),
        ),
    );
  return message;
}

/**
 * The widget's "talk to a human" button: the visitor's conversation (opened if there is none yet) goes to the
 * agents, or outside business hours the visitor is asked to leave a message. Resolves after the change is stored.
 */
export async function requestHuman(
  bot: Bot,
  visitorId: string,
  onConversation: (conversationId: string, created: boolean) => void,
) {
  const { conversation, created } = await openConversation(bot.tenantId, bot.id, visitorId);
  onConversation(conversation.id, created);
  if (created)
    publishToAgents(bot.tenantId, "conversation", {
      id: conversation.id,
      status: statusOf(conversation),
      botName: bot.name,
      createdAt: conversation.createdAt.toISOString(),
    });
  if (conversation.status !== "bot")
    return { conversationId: conversation.id, status: conversation.status, leaveMessage: false };
  cancelBotReply(conversation.id);
  const done = await escalate(bot, bot.tenantId, conversation.id, "visitor_asked");
  const now = done ?? (await getConversation(bot.tenantId, conversation.id));
  return { conversationId: conversation.id, status: now.status, leaveMessage: done?.leaveMessage ?? false };
}

export async function takeOver(tenantId: string, agent: { userId: string; name: string }, conversationId: string) {
  const conv = await getConversation(tenantId, conversationId);
  if (conv.status === "closed") throw new KefuError("closed", "This conversation is closed");
  cancelBotReply(conversationId);
  if (conv.status === "agent" && conv.assigneeId === agent.userId) return conv;
  const updated = await changeStatus(tenantId, conversationId, "agent", agent.userId);
  await announceLine(tenantId, conversationId, "joined", { name: agent.name });
  return updated;
}

export async function agentReply(
  tenantId: string,
  agent: { userId: string; name: string },
  input: { conversationId: string; clientId: string; text: unknown },
) {
  const text = parseText(input.text);
  const conv = await getConversation(tenantId, input.conversationId);
  if (conv.status === "closed") throw new KefuError("closed", "This conversation is closed");
  if (conv.status !== "agent") await takeOver(tenantId, agent, conv.id);
  const { message, duplicate } = await appendMessage(tenantId, {
    conversationId: conv.id,
    role: "agent",
    text,
    clientId: input.clientId,
    authorId: agent.userId,
  });
  if (!duplicate) {
    recordMessage(tenantId, "agent");
    publishToConversation(tenantId, conv.id, "message", wireMessage(message));
  }
  return message;
}

export async function closeConversation(tenantId: string, conversationId: string) {
  // looked up within the tenant first: another tenant's id must not stop this conversation's bot
  const conv = await getConversation(tenantId, conversationId);
  cancelBotReply(conversationId);
  if (conv.status === "closed") return conv;
  await announceLine(tenantId, conversationId, "closed");
  return changeStatus(tenantId, conversationId, "closed");
}

export async function handBackToBot(tenantId: string, conversationId: string) {
  const conv = await getConversation(tenantId, conversationId);
  if (conv.status === "closed") throw new KefuError("closed", "This conversation is closed");
  return changeStatus(tenantId, conversationId, "bot", null);
}
