import type { AgentEvent, VisitorEvent } from "../../widget/socket-events";

/** What carries lib/realtime's events to the clients; lib/realtime/socket-io.ts is the one there is. Payloads are
 * typed where the domains publish them (lib/realtime/index.ts). */
export interface RealtimeTransport {
  toConversation(
    tenantId: string,
    conversationId: string,
    event: VisitorEvent & AgentEvent,
    payload: object,
    agentOnly: object,
  ): void;
  toAgents(tenantId: string, event: AgentEvent, payload: object): void;
  toVisitor(conversationId: string, event: VisitorEvent, payload: object): void;
  endMemberSessions(tenantId: string, userId: string): void;
  endBotWidgets(botId: string): void;
}

// on globalThis: server.ts and Next's bundles of the route handlers each load their own copy of this module
const g = globalThis as unknown as { __kefuTransport?: RealtimeTransport };
export const transport = () => g.__kefuTransport;
export const setTransport = (t: RealtimeTransport | undefined) => {
  g.__kefuTransport = t;
};
