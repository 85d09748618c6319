import type { Namespace, Socket } from "socket.io";
import type { AgentEvent, AgentRequest, EventsOf, VisitorEvent, VisitorRequest } from "../../widget/socket-events";

// Sockets typed by the shared event lists (widget/socket-events.ts): an unknown event name does not compile.
export type VisitorNamespace = Namespace<EventsOf<VisitorRequest>, EventsOf<VisitorEvent>>;
export type VisitorSocket = Socket<EventsOf<VisitorRequest>, EventsOf<VisitorEvent>>;
export type AgentNamespace = Namespace<EventsOf<AgentRequest>, EventsOf<AgentEvent>>;
export type AgentSocket = Socket<EventsOf<AgentRequest>, EventsOf<AgentEvent>>;
