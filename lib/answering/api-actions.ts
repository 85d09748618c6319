// What an integration (REST /api/v1 with an API key) does in a conversation: the same paths agents' actions take,
// so the visitor sees the result live through the one emit path.
import crypto from "node:crypto";
import { z } from "zod";
import { KefuError } from "../errors";
import { recordMessage } from "../metrics";
import { publishToConversation } from "../realtime";
import { appendMessage, clientIdSchema, getConversation } from "../conversations";
import { assignConversation, teamMember } from "../conversations/assign";
import { handOff } from "../conversations/handoff";
import { wireMessage } from "../conversations/wire";
import { agentReply, parseText } from "./actions";
import { cancelBotReply } from "./bot-reply";

export const apiMessageSchema = z.object({
  text: z.unknown(),
  // makes a retried POST idempotent: the same clientId in the conversation returns the stored message
  clientId: clientIdSchema.optional(),
  // sent as this member of the team (who then takes the conversation), else as the integration
  userId: z.string().min(1).max(100).optional(),
});
export const assignBodySchema = z.object({ userId: z.string().min(1).max(100).nullable() });

export async function postApiMessage(
  tenantId: string,
  conversationId: string,
  input: z.infer<typeof apiMessageSchema>,
) {
  const clientId = input.clientId ?? `api-${crypto.randomUUID()}`;
  if (input.userId)
    return agentReply(tenantId, await teamMember(tenantId, input.userId), {
      conversationId,
      clientId,
      text: input.text,
    });
  const text = parseText(input.text);
  const conv = await getConversation(tenantId, conversationId);
  if (conv.status === "closed") throw new KefuError("closed", "This conversation is closed");
  const { message, duplicate } = await appendMessage(tenantId, {
    conversationId: conv.id,
    role: "agent",
    text,
    clientId,
  });
  if (!duplicate) {
    recordMessage(tenantId, "agent");
    publishToConversation(tenantId, conv.id, "message", wireMessage(message));
  }
  return message;
}

/** Hands a conversation the bot holds to the agents; one that people already have stays as it is. */
export async function apiHandOff(tenantId: string, conversationId: string) {
  const conv = await getConversation(tenantId, conversationId);
  if (conv.status === "closed") throw new KefuError("closed", "This conversation is closed");
  cancelBotReply(conv.id);
  await handOff(tenantId, conv.id, "api");
  return getConversation(tenantId, conv.id);
}

export async function apiAssign(tenantId: string, conversationId: string, userId: string | null) {
  await assignConversation(tenantId, conversationId, userId, { userId: "api" });
  return getConversation(tenantId, conversationId);
}
