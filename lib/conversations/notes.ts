import type { AgentWireMessage } from "../../widget/socket-events";
import { KefuError } from "../errors";
import { publishToAgents } from "../realtime";
import { wireMessage } from "./wire";
import { appendMessage, getConversation, messageTextSchema, type StoredMessage } from ".";

export function parseMessageText(text: unknown): string {
  const parsed = messageTextSchema.safeParse(text);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const code = issue.code === "too_big" ? "too_long" : issue.code === "too_small" ? "empty" : "bad_request";
  throw new KefuError(code, issue.message);
}

/** The wire shape of a message for agents: notes are marked, and say who wrote them. */
export function wireForAgents(
  m: StoredMessage & { internal?: boolean; authorId?: string | null; systemKey?: string | null; systemArgs?: unknown },
): AgentWireMessage {
  return {
    ...wireMessage(m),
    ...(m.internal ? { internal: true, authorId: m.authorId ?? null } : {}),
    // a system line's key: the inbox shows it in the agent's language (lib/i18n/system-lines.ts); its arguments
    // were written by announceLine, strings by name
    ...(m.systemKey
      ? { systemKey: m.systemKey, ...(m.systemArgs ? { systemArgs: m.systemArgs as Record<string, string> } : {}) }
      : {}),
  };
}

/**
 * An internal note: a message with `internal = true`, numbered in the conversation's sequence like any other so
 * agents see it in place, and emitted to the tenant's agents only. Visitors never receive it, live or on replay
 * (messagesAfter leaves notes out), and the bot's prompt never contains it. Idempotent by client id.
 */
export async function addNote(
  tenantId: string,
  agent: { userId: string },
  input: { conversationId: string; clientId: string; text: unknown },
) {
  const text = parseMessageText(input.text);
  await getConversation(tenantId, input.conversationId);
  const { message, duplicate } = await appendMessage(tenantId, {
    conversationId: input.conversationId,
    clientId: input.clientId,
    role: "agent",
    text,
    authorId: agent.userId,
    internal: true,
  });
  if (!duplicate)
    publishToAgents(tenantId, "message", wireForAgents({ ...message, internal: true, authorId: agent.userId }));
  return message;
}
