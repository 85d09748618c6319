import { io } from "./socket-io";

// Work that lives in one process (a bot answer being streamed) is reached with a peer event: every server runs the
// handlers registered under that name (through the Redis adapter, lib/realtime/adapter.ts).
export const PEER_EVENT = "kefu:peer";
type Handler = (arg: string) => void;
const g = globalThis as unknown as { __kefuPeerHandlers?: Map<string, Set<Handler>>; __kefuRedisAttached?: boolean };
export const peerHandlers = () => (g.__kefuPeerHandlers ??= new Map());
export const setPeersAttached = (on: boolean) => {
  g.__kefuRedisAttached = on;
};

/** Runs `handler` when another server sends `event` (each copy of a module registers its own; all run). */
export function onPeerEvent(event: string, handler: Handler) {
  const set = peerHandlers().get(event) ?? new Set<Handler>();
  set.add(handler);
  peerHandlers().set(event, set);
}

/** Tells the other servers (not this one) about `event`; nothing to do with a single server. */
export function toPeers(event: string, arg: string) {
  if (g.__kefuRedisAttached) io()?.serverSideEmit(PEER_EVENT, event, arg);
}
