import type { Namespace, Socket } from "socket.io";
import type {
  AgentEventPayloads,
  AgentRequest,
  Emits,
  EventsOf,
  VisitorEventPayloads,
  VisitorRequest,
} from "../../widget/socket-events";

// Sockets typed by the shared protocol (widget/socket-events.ts): an unknown event name does not compile, and what
// the server emits has the event's payload type. Requests arrive unchecked: each handler parses its own with zod.
export type VisitorNamespace = Namespace<EventsOf<VisitorRequest>, Emits<VisitorEventPayloads>>;
export type VisitorSocket = Socket<EventsOf<VisitorRequest>, Emits<VisitorEventPayloads>>;
export type AgentNamespace = Namespace<EventsOf<AgentRequest>, Emits<AgentEventPayloads>>;
export type AgentSocket = Socket<EventsOf<AgentRequest>, Emits<AgentEventPayloads>>;
