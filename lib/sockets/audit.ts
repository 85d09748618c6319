// The inbox's changes to who handles a conversation and how it is filed, made over the /agent socket, land in the
// audit log exactly as their REST twins (/api/v1/conversations/{id}/assign|close|handoff|labels) do. Replies, notes
// and email answers are not recorded here: the conversation itself keeps them with their author, and the log (which
// nothing may delete) must not copy a visitor's words that an erasure has to remove. Reads, typing and presence
// change nothing.
import { type AuditActor, recordAudit } from "../audit";
import type { UserCaller } from "../auth/resolve";
import { clientAddress } from "../net/client-address";
import type { AgentSocket } from "./typed";

export type SocketAuditAction = "assign" | "claim" | "takeover" | "release" | "close" | "reopen" | "labels";

function actorOf(socket: AgentSocket, agent: UserCaller): AuditActor {
  return {
    id: agent.userId,
    label: agent.email,
    address: clientAddress(socket.handshake.headers, socket.handshake.address),
  };
}

export function auditSocket(
  socket: AgentSocket,
  agent: UserCaller,
  action: SocketAuditAction,
  conversationId: string,
  diff?: unknown,
) {
  return recordAudit(agent.tenantId, actorOf(socket, agent), `conversations.${action}`, conversationId, diff);
}
