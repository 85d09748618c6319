import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import type { Server } from "socket.io";
import { PEER_EVENT, peerHandlers, setPeersAttached } from "./peers";
import { envVar } from "../env";

// Several Kefu servers share rooms through Redis (KEFU_REDIS_URL): an emit to a conversation or tenant room on one
// server reaches the sockets connected to every server; peer events (lib/realtime/peers.ts) reach every server.

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
    for (const h of peerHandlers().get(event) ?? []) {
      try {
        h(arg);
      } catch (err) {
        log(`peer event ${event}: ${(err as Error).message}`);
      }
    }
  });
  setPeersAttached(true);
  log(`socket.io on the Redis adapter (${url.replace(/\/\/[^@]*@/, "//***@")})`);
  return async () => {
    setPeersAttached(false);
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}
