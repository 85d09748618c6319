// Presence and auto-assignment across two Kefu servers on one PostgreSQL and one Redis: an agent online on server B
// gets a conversation handed off on server A, and the team on A sees B's agents come and go.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import { io, type Socket } from "socket.io-client";
import { db, disconnectDb } from "../lib/db/client";
import { addUserToTenant } from "../lib/tenants";
import { makeTenant } from "./helpers/fixtures";
import { startRedis } from "./helpers/redis";
import { startKefu, type KefuProcess } from "./helpers/server-process";
import { signInCookieAt } from "./helpers/sign-in";
import { emitAck, waitFor } from "./helpers/sockets";

let redis: Awaited<ReturnType<typeof startRedis>>;
let A: KefuProcess;
let B: KefuProcess;
const sockets: Socket[] = [];

before(async () => {
  redis = await startRedis();
  [A, B] = await Promise.all([startKefu({ redisUrl: redis.url }), startKefu({ redisUrl: redis.url })]);
});
after(async () => {
  for (const s of sockets) s.close();
  await Promise.all([A?.stop(), B?.stop()]);
  await redis?.stop();
  await disconnectDb();
});

function connect(url: string, nsp: string, opts: { auth?: object; cookie?: string }): Promise<Socket> {
  const socket = io(`${url}${nsp}`, {
    auth: opts.auth,
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: opts.cookie ? { cookie: opts.cookie } : {},
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

test("an agent online on server B is seen on A and gets the conversation handed off on A", async () => {
  const t = await makeTenant("route-scale");
  const other = await makeTenant("route-scale-other");
  const bo = await addUserToTenant(t.tenant.id, {
    email: `bo-${t.tenant.slug}@kefu.test`,
    name: "Bo",
    password: "agent-password",
    role: "agent",
  });
  const watcher = await connect(A.url, "/agent", {
    cookie: await signInCookieAt(A.url, t.admin.email, t.admin.password),
  });
  const outsider = await connect(A.url, "/agent", {
    cookie: await signInCookieAt(A.url, other.admin.email, other.admin.password),
  });
  const agentB = await connect(B.url, "/agent", { cookie: await signInCookieAt(B.url, bo.email, "agent-password") });

  const seenOnA = waitFor<{ userId: string; status: string }>(
    watcher,
    "presence",
    (p) => p.userId === bo.id && p.status === "online",
  );
  assert.deepEqual(await emitAck(agentB, "presence:set", { status: "online" }), { ok: true, status: "online" });
  await seenOnA;
  const listed = await emitAck(watcher, "presence:list", {});
  assert.ok(
    listed.agents.some((a: { userId: string; status: string }) => a.userId === bo.id && a.status === "online"),
    "A reads B's sockets",
  );
  assert.ok(!(await emitAck(outsider, "presence:list", {})).agents.some((a: { userId: string }) => a.userId === bo.id));

  const visitor = await connect(A.url, "/visitor", { auth: { key: t.bot.publicKey } });
  const assigned = waitFor<{ conversationId: string; assigneeId: string }>(
    agentB,
    "status",
    (p) => p.assigneeId === bo.id,
    20_000,
  );
  const ack = await emitAck(visitor, "message", { clientId: crypto.randomUUID(), text: "人工" });
  assert.equal((await assigned).conversationId, ack.conversationId);
  const row = await db().conversation.findUniqueOrThrow({
    where: { id: ack.conversationId },
    select: { status: true, assigneeId: true },
  });
  assert.deepEqual(row, { status: "waiting", assigneeId: bo.id });

  const gone = waitFor<{ userId: string; status: string }>(
    watcher,
    "presence",
    (p) => p.userId === bo.id && p.status === "offline",
  );
  agentB.close();
  await gone;
  assert.ok(!(await emitAck(watcher, "presence:list", {})).agents.some((a: { userId: string }) => a.userId === bo.id));
});
