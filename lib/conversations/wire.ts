import type { Citation, Role, WireMessage } from "../../widget/socket-events";
import type { StoredMessage } from ".";

/** The wire shape of a stored message (the shared protocol's WireMessage, docs/realtime.md). */
export function wireMessage(m: StoredMessage): WireMessage {
  return {
    id: m.id,
    seq: m.seq,
    conversationId: m.conversationId,
    // the columns hold what appendMessage wrote: one of the four roles, the answer plan's citations
    role: m.role as Role,
    text: m.text,
    ...(m.clientId ? { clientId: m.clientId } : {}),
    createdAt: m.createdAt.toISOString(),
    ...(m.citations ? { citations: m.citations as Citation[] } : {}),
  };
}
