import { getConversation, messagesAfter } from ".";

/**
 * A conversation's messages with seq > afterSeq. The conversation is looked up within the tenant first, so an id
 * of another tenant answers `not_found` exactly like one that does not exist (messagesAfter alone returns []).
 */
export async function conversationMessages(
  tenantId: string,
  conversationId: string,
  opts: { afterSeq?: number; take?: number } = {},
) {
  await getConversation(tenantId, conversationId);
  return messagesAfter(tenantId, conversationId, opts.afterSeq ?? 0, opts.take ?? 500);
}
