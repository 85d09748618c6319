import { db } from "../db/client";
import { KefuError } from "../errors";
import { publishToConversation, publishToAgents } from "../realtime";
import { membershipOf } from "../auth/identity";
import { getConversation, statusOf } from ".";
import { announceLine } from "./system-lines";

/** A user who may take conversations of this tenant; another tenant's user answers like one that does not exist. */
export async function teamMember(tenantId: string, userId: string) {
  const m = await membershipOf(userId, tenantId);
  if (!m) throw new KefuError("not_found", "No such agent in your team");
  return { userId: m.id, name: m.name };
}

/**
 * Gives the conversation to an agent of the tenant (claim: to yourself; transfer: to someone else), or back to the
 * shared queue with `null`. The state does not change: a waiting conversation stays waiting until the agent
 * answers or takes over; one an agent was already talking in stays with agents and the visitor is told who joined.
 */
export async function assignConversation(
  tenantId: string,
  conversationId: string,
  assigneeId: string | null,
  by: { userId: string },
) {
  const conv = await getConversation(tenantId, conversationId);
  if (conv.status === "closed") throw new KefuError("closed", "This conversation is closed");
  const target = assigneeId ? await teamMember(tenantId, assigneeId) : null;
  if (conv.assigneeId === (target?.userId ?? null)) return conv;
  await db().conversation.updateMany({
    where: { id: conversationId, tenantId },
    data: { assigneeId: target?.userId ?? null },
  });
  // agents only: the visitor's state does not change (they are told when an agent joins a conversation in progress)
  publishToAgents(tenantId, "status", {
    conversationId,
    status: statusOf(conv),
    assigneeId: target?.userId ?? null,
    assignedBy: by.userId,
  });
  if (conv.status === "agent" && target) await announceLine(tenantId, conversationId, "joined", { name: target.name });
  return { ...conv, assigneeId: target?.userId ?? null };
}

/** A closed conversation opens again with the agent who reopened it. */
export async function reopenConversation(
  tenantId: string,
  conversationId: string,
  agent: { userId: string; name: string },
) {
  const conv = await getConversation(tenantId, conversationId);
  if (conv.status !== "closed") return conv;
  try {
    await db().conversation.updateMany({
      where: { id: conversationId, tenantId },
      data: { status: "agent", assigneeId: agent.userId, closedAt: null },
    });
  } catch (err) {
    // one open conversation per visitor and bot: the visitor has already started a new one
    if ((err as { code?: string }).code === "P2002")
      throw new KefuError("conflict", "The visitor has started a new conversation since; continue there");
    throw err;
  }
  publishToConversation(tenantId, conversationId, "status", { status: "agent" }, { assigneeId: agent.userId });
  await announceLine(tenantId, conversationId, "reopened", { name: agent.name });
  return { ...conv, status: "agent", assigneeId: agent.userId, closedAt: null };
}
