// The socket protocol's event names, one list per direction and namespace (docs/realtime.md), shared by the server
// (lib/sockets, lib/realtime and the domains that publish), the widget and the inbox. Typed sockets built from these
// lists make a misspelt or unknown event a compile error on every side. It lives in widget/ because the widget's
// tsconfig admits nothing from outside its folder, while the server and the inbox may import browser-safe code.
// Payloads: one type per event in socket-payloads.ts (re-exported here). The server validates every request with
// zod schemas checked against those types (lib/sockets/schemas.ts); the widget checks what it receives with guards
// that answer them (widget/protocol.ts); the inbox hears them as typed.
import type {
  AgentEventPayloads,
  AgentRequestPayloads,
  VisitorEventPayloads,
  VisitorRequestPayloads,
} from "./socket-payloads";

export type * from "./socket-payloads";

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
export const visitorEvents = [
  "session",
  "message",
  "bot:delta",
  "status",
  "agent:typing",
  "error",
  "server:restarting",
] as const;

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

/** The widget's requests that take no ack. */
export type VisitorFireAndForget = "typing" | "read" | "page";

/** socket.io's typed-events map for what a side hears before checking it: by name only (any[] arguments as in
 * socket.io's own default map); a zod schema or a guard gives the payload its type. */
export type EventsOf<Name extends string> = { [K in Name]: (...args: any[]) => void };

/** socket.io's typed-events map for what a side sends: each event with its payload. */
export type Emits<P> = { [E in keyof P]: (payload: P[E]) => void };

/** socket.io's typed-events map for a client's requests: the payload, then the ack callback unless the request is
 * fire-and-forget (a payload that may be undefined may be left out). */
export type Requests<P, FireAndForget extends keyof P = never> = {
  [E in keyof P]: E extends FireAndForget
    ? undefined extends P[E]
      ? (payload?: P[E]) => void
      : (payload: P[E]) => void
    : (payload: P[E], ack: (res: unknown) => void) => void;
};

// The lists above and the payload types name the same events, both ways: an event added to one only does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type NamesMatchPayloads = [
  Assert<Same<VisitorRequest, keyof VisitorRequestPayloads>>,
  Assert<Same<VisitorEvent, keyof VisitorEventPayloads>>,
  Assert<Same<AgentRequest, keyof AgentRequestPayloads>>,
  Assert<Same<AgentEvent, keyof AgentEventPayloads>>,
];
