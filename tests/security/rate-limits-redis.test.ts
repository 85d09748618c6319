// Scaled out (KEFU_REDIS_URL): the limits are counted in Redis, so a visitor who reaches two servers (another tab, a
// reconnect the load balancer sends elsewhere) has one budget, not one per server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { io, type Socket } from "socket.io-client";
import { makeTenant } from "../helpers/fixtures";
import { startRedis } from "../helpers/redis";
import { startKefu, type KefuProcess } from "../helpers/server-process";

let redis: Awaited<ReturnType<typeof startRedis>>;
let a: KefuProcess;
let b: KefuProcess;

before(async () => {
  redis = await startRedis();
  const env = { KEFU_VISITOR_MESSAGES_PER_MINUTE: "4" };
  [a, b] = await Promise.all([startKefu({ redisUrl: redis.url, env }), startKefu({ redisUrl: redis.url, env })]);
});

after(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
});

function visitor(url: string, key: string, token?: string) {
  const socket = io(`${url}/visitor`, {
    auth: { key, token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  return new Promise<{ socket: Socket; token: string }>((resolve, reject) => {
    socket.once("session", (s: { visitorToken: string }) => resolve({ socket, token: s.visitorToken }));
    socket.once("connect_error", (err) => (socket.close(), reject(err)));
  });
}

test("a visitor's message budget is shared by every server through Redis", async () => {
  const t = await makeTenant("limits-redis");
  const first = await visitor(a.url, t.bot.publicKey);
  const second = await visitor(b.url, t.bot.publicKey, first.token);
  const send = (s: Socket, i: number) =>
    s.timeout(15_000).emitWithAck("message", { clientId: `r-${i}`, text: `hello ${i}` });
  const acks = [
    await send(first.socket, 1),
    await send(first.socket, 2),
    await send(second.socket, 3),
    await send(second.socket, 4),
  ];
  assert.ok(
    acks.every((x) => x.ok),
    JSON.stringify(acks),
  );
  const refused = await send(second.socket, 5);
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, "rate_limited");
  assert.equal((await send(first.socket, 6)).error?.code, "rate_limited");
  first.socket.close();
  second.socket.close();
});
