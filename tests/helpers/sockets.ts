import { io, type Socket } from "socket.io-client";
import { testEnv } from "./env";

export type Session = {
  visitorToken: string;
  conversationId: string | null;
  status: string;
  bot: { name: string; greeting: string };
  messages: WireMessage[];
};
export type WireMessage = {
  id: string;
  seq: number;
  conversationId: string;
  role: string;
  text: string;
  clientId?: string;
  createdAt: string;
};

/** A real socket.io visitor client. Resolves once the server sent `session` (or rejects with the connect error). */
export function connectVisitor(auth: {
  key: string;
  token?: string;
  lastSeq?: number;
  lang?: string;
}): Promise<{ socket: Socket; session: Session }> {
  const socket = io(`${testEnv.url}/visitor`, { auth, transports: ["websocket"], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once("session", (session: Session) => resolve({ socket, session }));
    socket.once("connect_error", (err: Error & { data?: unknown }) => {
      socket.close();
      reject(Object.assign(err, { data: err.data }));
    });
  });
}

/** An agent client authenticated by a session cookie (see tests/helpers/session.ts). */
export function connectAgent(cookie: string): Promise<Socket> {
  const socket = io(`${testEnv.url}/agent`, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => (socket.close(), reject(err)));
  });
}

export function emitAck<T = any>(socket: Socket, event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

/** Waits for the first event matching the predicate. */
export function waitFor<T = any>(
  socket: Socket,
  event: string,
  match: (p: T) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => (socket.off(event, on), reject(new Error(`timed out waiting for ${event}`))),
      timeoutMs,
    );
    const on = (p: T) => {
      if (!match(p)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(p);
    };
    socket.on(event, on);
  });
}
