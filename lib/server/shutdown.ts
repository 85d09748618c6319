import type http from "node:http";
import type { Server } from "socket.io";
import { botRepliesInFlight } from "../answering/bot-reply";
import { appendsIdle } from "../conversations/append-batch";
import { envVar } from "../env";

export const shutdownGraceMs = () => envVar("KEFU_SHUTDOWN_GRACE_MS");

async function until(done: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return done();
}

/**
 * Graceful stop of the realtime side (SIGTERM): no new connections; every connected widget and inbox is told
 * `server:restarting { retryInMs }` (jittered, so thousands of clients do not come back at the same instant); the
 * bot answers being written finish (up to the grace period; one still running then is cut and stored as far as it
 * got); queued messages are committed and acknowledged; then the connections are closed at the transport level, so
 * socket.io clients reconnect by themselves (reason "transport close") — to another server behind the load balancer,
 * or to this one once it is back — and replay what they missed with their last seq.
 */
export async function drainRealtime(io: Server, server: http.Server, log: (m: string) => void) {
  server.close();
  const base = envVar("KEFU_RESTART_RETRY_MS");
  let told = 0;
  for (const name of ["/visitor", "/agent"]) {
    for (const socket of io.of(name).sockets.values()) {
      socket.emit("server:restarting", { retryInMs: base + Math.floor(Math.random() * base) });
      told++;
    }
  }
  const answering = botRepliesInFlight();
  if (answering) log(`waiting for ${answering} bot answer(s) to finish…`);
  if (!(await until(() => botRepliesInFlight() === 0, shutdownGraceMs())))
    log(`${botRepliesInFlight()} bot answer(s) cut at shutdown`);
  await until(appendsIdle, 5_000);
  io.engine.close();
  log(`closed ${told} realtime connection(s) with a reconnect hint`);
  // io.close also waits for the HTTP server's last keep-alive connections: do not hold the shutdown on them
  await Promise.race([
    new Promise<void>((resolve) => io.close(() => resolve())),
    new Promise((r) => setTimeout(r, 1_000)),
  ]);
}
