// The socket protocol's event names, one list per direction and namespace (docs/realtime.md), shared by the server
// (lib/sockets, lib/realtime and the domains that publish), the widget and the inbox. Typed sockets built from these
// lists make a misspelt or unknown event a compile error on every side. It lives in widget/ because the widget's
// tsconfig admits nothing from outside its folder, while the server and the inbox may import browser-safe code.
// Payloads: the server validates every request with zod (lib/sockets/schemas.ts); the widget checks what it
// receives with the guards of widget/protocol.ts.

/** What the widget asks on /visitor. */
export const visitorRequests = [
  "message",
  "identify",
  "history",
  "typing",
  "prechat",
  "rate",
  "leave_message",
  "availability",
  "read",
  "page",
  "handoff:request",
] as const;

/** What the server tells a visitor's widget. */
export const visitorEvents = ["session", "message", "bot:delta", "status", "agent:typing", "error", "server:restarting"] as const;

/** What the inbox and the monitoring page ask on /agent. */
export const agentRequests = [
  "takeover",
  "reply",
  "close",
  "release",
  "metrics:subscribe",
  "conversations:list",
  "inbox:counts",
  "conversation:open",
  "read",
  "claim",
  "assign",
  "reopen",
  "note",
  "labels",
  "labels:list",
  "canned:list",
  "team",
  "presence:list",
  "presence:set",
  "typing",
  "email_reply",
] as const;

/** What the server tells the agents of a tenant. */
export const agentEvents = [
  "message",
  "bot:delta",
  "status",
  "conversation",
  "read",
  "labels",
  "presence",
  "summary",
  "visitor:typing",
  "conversation:rated",
  "offline_message",
  "email_reply",
  "metrics",
  "server:restarting",
] as const;

export type VisitorRequest = (typeof visitorRequests)[number];
export type VisitorEvent = (typeof visitorEvents)[number];
export type AgentRequest = (typeof agentRequests)[number];
export type AgentEvent = (typeof agentEvents)[number];
/** Events about a conversation, sent to its visitor and to the tenant's agents alike. */
export type ConversationEvent = VisitorEvent & AgentEvent;

/** socket.io's typed-events map for a list of names (payloads are checked by schemas and guards, not here; any[]
 * arguments as in socket.io's own default map). */
export type EventsOf<Name extends string> = { [K in Name]: (...args: any[]) => void };
