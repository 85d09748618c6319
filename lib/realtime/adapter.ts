import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import type { Server } from "socket.io";
import { io } from "./emit";
import { envVar } from "../env";

// Several Kefu servers share rooms through Redis (KEFU_REDIS_URL): an emit to a conversation or tenant room on one
// server reaches the sockets connected to every server. Work that lives in one process (a bot answer being
// streamed) is reached with a peer event: every server runs the handlers registered under that name.
const PEER_EVENT = "kefu:peer";
type Handler = (arg: string) => void;
const g = globalThis as unknown as { __kefuPeerHandlers?: Map<string, Set<Handler>>; __kefuRedisAttached?: boolean };
const handlers = () => (g.__kefuPeerHandlers ??= new Map());

/** Runs `handler` when another server sends `event` (each copy of a module registers its own; all run). */
export function onPeerEvent(event: string, handler: Handler) {
  const set = handlers().get(event) ?? new Set<Handler>();
  set.add(handler);
  handlers().set(event, set);
}

/** Tells the other servers (not this one) about `event`; nothing to do with a single server. */
export function toPeers(event: string, arg: string) {
  if (g.__kefuRedisAttached) io()?.serverSideEmit(PEER_EVENT, event, arg);
}

/** With KEFU_REDIS_URL set, puts socket.io on the Redis adapter; answers a function that closes the connections. */
export async function attachRedisAdapter(server: Server, log: (m: string) => void): Promise<() => Promise<void>> {
  const url = envVar("KEFU_REDIS_URL");
  if (!url) return async () => {};
  const pub = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) } });
  const sub = pub.duplicate();
  let lastLog = 0;
  const onError = (err: Error) => {
    if (Date.now() - lastLog > 5_000) log(`redis: ${err.message}`);
    lastLog = Date.now();
  };
  pub.on("error", onError);
  sub.on("error", onError);
  await Promise.all([pub.connect(), sub.connect()]);
  server.adapter(createAdapter(pub, sub, { key: envVar("KEFU_REDIS_PREFIX") }));
  server.on(PEER_EVENT, (event: string, arg: string) => {
    for (const h of handlers().get(event) ?? []) {
      try {
        h(arg);
      } catch (err) {
        log(`peer event ${event}: ${(err as Error).message}`);
      }
    }
  });
  g.__kefuRedisAttached = true;
  log(`socket.io on the Redis adapter (${url.replace(/\/\/[^@]*@/, "//***@")})`);
  return async () => {
    g.__kefuRedisAttached = false;
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}
