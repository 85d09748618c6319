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
import { emitAck, waitFor, type Session, type WireMessage } from "./helpers/sockets";

const uuid = () => crypto.randomUUID();
let redis: Awaited<ReturnType<typeof startRedis>>;
let A: KefuProcess;
let B: KefuProcess;

before(async () => {
  redis = await startRedis();
  // two servers on one PostgreSQL (the suite's) and one Redis; A runs the model, B has none
  [A, B] = await Promise.all([startKefu({ redisUrl: redis.url, model: true }), startKefu({ redisUrl: redis.url })]);
});
after(async () => {
  await Promise.all([A?.stop(), B?.stop()]);
  await redis?.stop();
  await disconnectDb();
});

function visitorAt(url: string, key: string): Promise<{ socket: Socket; session: Session }> {
  const socket = io(`${url}/visitor`, {
    auth: { key },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("session", (session: Session) => resolve({ socket, session }));
    socket.once("connect_error", reject);
  });
}
function agentAt(url: string, cookie: string): Promise<Socket> {
  const socket = io(`${url}/agent`, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}
function record(socket: Socket) {
  const seen: { event: string; payload: any }[] = [];
  for (const event of ["conversation", "message", "bot:delta", "status"])
    socket.on(event, (payload) => seen.push({ event, payload }));
  return seen;
}

test("a visitor on server A and an agent on server B converse in real time: messages, bot deltas, status; other tenants hear nothing", async () => {
  const t = await makeTenant("scale");
  const other = await makeTenant("scale-other");
  await db().bot.update({ where: { id: t.bot.id }, data: { fastPath: false } });
  const agentUser = await addUserToTenant(t.tenant.id, {
    email: `agent-${t.tenant.slug}@kefu.test`,
    name: "Agent Bo",
    password: "agent-password",
    role: "agent",
  });
  const agentB = await agentAt(B.url, await signInCookieAt(B.url, agentUser.email, "agent-password"));
  const atB = record(agentB);
  // the other tenant's admin watches from both servers
  const otherCookie = await signInCookieAt(A.url, other.admin.email, other.admin.password);
  const [otherA, otherB] = await Promise.all([agentAt(A.url, otherCookie), agentAt(B.url, otherCookie)]);
  const leaked = [...record(otherA), ...record(otherB)];

  const visitor = await visitorAt(A.url, t.bot.publicKey);
  const atA = record(visitor.socket);
  try {
    // the visitor's question reaches the agent on B, and so does the bot's answer streamed on A
    const opened = waitFor(agentB, "conversation");
    const question = waitFor<WireMessage>(agentB, "message", (m) => m.role === "visitor");
    const botDelta = waitFor(agentB, "bot:delta", () => true, 30_000);
    const botAnswer = waitFor<WireMessage>(agentB, "message", (m) => m.role === "bot", 30_000);
    const ack = await emitAck(visitor.socket, "message", { clientId: uuid(), text: t.entry.title });
    assert.equal(ack.ok, true);
    const conversationId = ack.conversationId as string;
    assert.equal((await opened).id, conversationId);
    assert.equal((await question).id, ack.id);
    const delta = await botDelta;
    assert.equal(delta.conversationId, conversationId);
    const answer = await botAnswer;
    assert.equal(answer.id, delta.messageId);

    // the agent on B takes over: the visitor on A sees the status change and the agent's words
    const statusAtA = waitFor(visitor.socket, "status", (s) => s.status === "agent");
    assert.equal((await emitAck(agentB, "takeover", { conversationId })).ok, true);
    await statusAtA;
    const replyAtA = waitFor<WireMessage>(visitor.socket, "message", (m) => m.role === "agent");
    const reply = await emitAck(agentB, "reply", { conversationId, clientId: uuid(), text: "Hi, Bo here." });
    assert.equal((await replyAtA).id, reply.id);
    // and the visitor's answer on A reaches B
    const backAtB = waitFor<WireMessage>(agentB, "message", (m) => m.text === "Thanks Bo");
    const v2 = await emitAck(visitor.socket, "message", { clientId: uuid(), text: "Thanks Bo" });
    assert.equal((await backAtB).seq, v2.seq);

    // each side saw every stored message once, in seq order
    const stored = await db().message.findMany({ where: { conversationId }, orderBy: { seq: "asc" } });
    const msgsAtB = atB.filter((e) => e.event === "message").map((e) => e.payload.seq);
    const msgsAtA = atA.filter((e) => e.event === "message").map((e) => e.payload.seq);
    assert.deepEqual(
      msgsAtB,
      stored.map((m) => m.seq),
    );
    assert.deepEqual(
      msgsAtA,
      stored.map((m) => m.seq),
    );

    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(leaked, [], "the other tenant's agents, on either server, received nothing");
  } finally {
    visitor.socket.close();
    [agentB, otherA, otherB].forEach((s) => s.close());
  }
});

test("a takeover on server B stops the bot answer being written on server A", async () => {
  const t = await makeTenant("scale-cancel");
  await db().bot.update({ where: { id: t.bot.id }, data: { fastPath: false, maxTokens: 400 } });
  const agentB = await agentAt(B.url, await signInCookieAt(B.url, t.admin.email, t.admin.password));
  const visitor = await visitorAt(A.url, t.bot.publicKey);
  try {
    const firstDelta = waitFor(agentB, "bot:delta", () => true, 30_000);
    const ack = await emitAck(visitor.socket, "message", { clientId: uuid(), text: t.entry.title });
    await firstDelta;
    assert.equal((await emitAck(agentB, "takeover", { conversationId: ack.conversationId })).ok, true);
    // from the takeover on, the bot falls silent on A
    const after: unknown[] = [];
    visitor.socket.on("bot:delta", (d) => after.push(d));
    await new Promise((r) => setTimeout(r, 1_000));
    assert.ok(after.length <= 2, `no stream after the takeover (${after.length} late deltas)`);
    const stored = await db().message.findMany({
      where: { conversationId: ack.conversationId },
      orderBy: { seq: "asc" },
    });
    const joined = stored.findIndex((m) => m.role === "system" && /joined/.test(m.text));
    assert.ok(joined > 0);
    assert.ok(
      stored.slice(joined).every((m) => m.role !== "bot"),
      "no bot message after the agent joined",
    );
  } finally {
    visitor.socket.close();
    agentB.close();
  }
});
