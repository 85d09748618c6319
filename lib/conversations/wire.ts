import type { StoredMessage } from ".";

/** The wire shape of a stored message (public interface, see docs/realtime.md). */
export function wireMessage(m: StoredMessage) {
  return {
    id: m.id,
    seq: m.seq,
    conversationId: m.conversationId,
    role: m.role,
    text: m.text,
    ...(m.clientId ? { clientId: m.clientId } : {}),
    createdAt: m.createdAt.toISOString(),
    ...(m.citations ? { citations: m.citations } : {}),
  };
}
