// lib/realtime's one interface for the domains: they publish events to the people concerned (a conversation's
// visitor and the tenant's agents, the agents alone, the visitor alone), end live sessions, and ask who is online.
// Nothing here is socket.io: the transport (lib/realtime/socket-io.ts, rooms and namespaces) is attached by
// server.ts; without one (the CLI, a script) publishing does nothing, as no one is listening.
import type {
  AgentEvent,
  AgentEventPayloads,
  ConversationEvent,
  VisitorEvent,
  VisitorEventPayloads,
} from "../../widget/socket-events";
import { transport } from "./transport";

/** What agents hear of a conversation's event besides what its visitor hears (e.g. the assignee's user id). */
export type AgentOnly<E extends ConversationEvent> = Partial<
  Omit<AgentEventPayloads[E], keyof VisitorEventPayloads[E] | "conversationId">
>;
// agents hear a conversation's event as its visitor does, with the conversation's id and their own fields: that
// must be the agents' payload of the event (widget/socket-payloads.ts), for every such event
type AgentsHear<E extends ConversationEvent> = { conversationId: string } & VisitorEventPayloads[E] & AgentOnly<E>;
type Assert<T extends true> = T;
export type AgentsHearTheirPayload = Assert<
  { [E in ConversationEvent]: AgentsHear<E> extends AgentEventPayloads[E] ? true : false }[ConversationEvent]
>;

/**
 * An event about a conversation: to its visitor and to the agents of its tenant, and nowhere else. `agentOnly`
 * fields (e.g. the assignee's user id) never reach visitors; agents get the conversation id with every event.
 */
export function publishToConversation<E extends ConversationEvent>(
  tenantId: string,
  conversationId: string,
  event: E,
  payload: VisitorEventPayloads[E],
  agentOnly: AgentOnly<E> = {},
) {
  transport()?.toConversation(tenantId, conversationId, event, payload, agentOnly);
}

/** To every agent of the tenant, not to visitors. */
export function publishToAgents<E extends AgentEvent>(tenantId: string, event: E, payload: AgentEventPayloads[E]) {
  transport()?.toAgents(tenantId, event, payload);
}

/** Only to the visitor's side of a conversation (e.g. the agent's typing indicator); agents are not told. */
export function publishToVisitor<E extends VisitorEvent>(
  conversationId: string,
  event: E,
  payload: VisitorEventPayloads[E],
) {
  transport()?.toVisitor(conversationId, event, payload);
}

/** Ends a member's live inbox sessions on every server (deactivated, password reset); their reconnect is refused. */
export function endMemberSessions(tenantId: string, userId: string) {
  transport()?.endMemberSessions(tenantId, userId);
}

/** A deleted bot's widget stops at once: its visitors' sessions end and their reconnects find no bot. */
export function endBotWidgets(botId: string) {
  transport()?.endBotWidgets(botId);
}

export { onlineAgentIds, type AgentPresence } from "./presence";
export { onPeerEvent, toPeers } from "./peers";
