import type { Server } from "socket.io";
import { type RealtimeTransport, setTransport } from "./transport";
import { rooms } from "./rooms";

const g = globalThis as unknown as { __kefuIo?: Server };
export const io = () => g.__kefuIo;

/** The transport behind lib/realtime's interface: rooms of the two namespaces, on every server (Redis adapter). */
const socketIoTransport = (server: Server): RealtimeTransport => ({
  toConversation(tenantId, conversationId, event, payload, agentOnly) {
    server.of("/visitor").to(rooms.conversation(conversationId)).emit(event, payload);
    server
      .of("/agent")
      .to(rooms.agents(tenantId))
      .emit(event, { conversationId, ...payload, ...agentOnly });
  },
  toAgents(tenantId, event, payload) {
    server.of("/agent").to(rooms.agents(tenantId)).emit(event, payload);
  },
  toVisitor(conversationId, event, payload) {
    server.of("/visitor").to(rooms.conversation(conversationId)).emit(event, payload);
  },
  endMemberSessions(tenantId, userId) {
    server.of("/agent").in(rooms.member(tenantId, userId)).disconnectSockets(true);
  },
  endBotWidgets(botId) {
    server.of("/visitor").in(rooms.bot(botId)).disconnectSockets(true);
  },
});

/** server.ts: publishing (lib/realtime's interface) goes to this socket.io server from now on. */
export function attachSocketIo(server: Server) {
  g.__kefuIo = server;
  setTransport(socketIoTransport(server));
}

type RawTransport = {
  name: string;
  send: (packets: unknown[]) => void;
  socket?: { _socket?: { cork(): void; uncork(): void } };
  __corked?: boolean;
};
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
