import type { Server } from "socket.io";
import type { AgentEvent, ConversationEvent, VisitorEvent } from "../../widget/socket-events";
import { rooms } from "./rooms";

const g = globalThis as unknown as { __kefuIo?: Server };
export const setIo = (io: Server) => (g.__kefuIo = io);
export const io = () => g.__kefuIo;

/**
 * Every event about a conversation goes through here: to the visitor's conversation room and to the agents of
 * the conversation's tenant, and nowhere else. `agentOnly` fields (e.g. the assignee's user id) never reach visitors.
 */
export function emitConversationEvent(tenantId: string, conversationId: string, event: ConversationEvent, payload: object, agentOnly: object = {}) {
  const server = io();
  if (!server) return;
  server.of("/visitor").to(rooms.conversation(conversationId)).emit(event, payload);
  server.of("/agent").to(rooms.agents(tenantId)).emit(event, { conversationId, ...payload, ...agentOnly });
}

export function emitToAgents(tenantId: string, event: AgentEvent, payload: object) {
  io()?.of("/agent").to(rooms.agents(tenantId)).emit(event, payload);
}

/** Ends a member's live inbox sockets on every server (deactivated, password reset); their reconnect is refused. */
export function disconnectMember(tenantId: string, userId: string) {
  io()?.of("/agent").in(rooms.member(tenantId, userId)).disconnectSockets(true);
}

/** Only to the visitor's side of a conversation (e.g. the agent's typing indicator); agents are not told. */
export function emitToVisitor(conversationId: string, event: VisitorEvent, payload: object) {
  io()?.of("/visitor").to(rooms.conversation(conversationId)).emit(event, payload);
}

/** A deleted bot's widget stops at once: its visitors' sockets are closed and their reconnects find no bot. */
export function disconnectBotVisitors(botId: string) {
  io()?.of("/visitor").in(rooms.bot(botId)).disconnectSockets(true);
}

type RawTransport = { name: string; send: (packets: unknown[]) => void; socket?: { _socket?: { cork(): void; uncork(): void } }; __corked?: boolean };
type RawSocket = { transport: RawTransport; on(event: "upgrade", f: () => void): void };

/**
 * One write per socket per tick: engine.io writes every websocket frame with its own syscall, so an agent's socket
 * that gets the 700 messages of one committed batch made 700 writev calls. Corking the TCP socket around each send
 * and uncorking on the next tick joins them (frames and their order are unchanged; only the syscalls are fewer).
 */
export function coalesceWrites(server: Server) {
  const wrap = (raw: RawSocket) => {
    const t = raw.transport;
    const tcp = t.socket?._socket;
    if (t.name !== "websocket" || !tcp || t.__corked) return;
    t.__corked = true;
    const send = t.send.bind(t);
    t.send = (packets) => {
      tcp.cork();
      try {
        send(packets);
      } finally {
        process.nextTick(() => tcp.uncork());
      }
    };
  };
  server.engine.on("connection", (raw: RawSocket) => {
    wrap(raw);
    raw.on("upgrade", () => wrap(raw));
  });
}
