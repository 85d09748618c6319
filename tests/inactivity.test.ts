// Inactive conversations close themselves after the tenant's time (here 1 minute, the visitor's silence made older
// in the database; a server of the test's own sweeps every 300 ms). The visitor is told in their language, also when
// they come back; a waiting conversation is never closed but becomes a left message and frees the agent's slot.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import { io, type Socket } from "socket.io-client";
import { db, disconnectDb } from "../lib/db/client";
import { makeTenant } from "./helpers/fixtures";
import { startKefu, type KefuProcess } from "./helpers/server-process";
import { signInCookieAt } from "./helpers/sign-in";

type T = Awaited<ReturnType<typeof makeTenant>>;
let kefu: KefuProcess;
let a: T;
let b: T;
before(async () => {
  kefu = await startKefu({ env: { KEFU_INACTIVITY_SWEEP_MS: "300" } });
  [a, b] = await Promise.all([makeTenant("idle-a"), makeTenant("idle-b")]);
});
after(async () => {
  await kefu?.stop();
  await disconnectDb();
});

async function api(path: string, key: string, body?: unknown) {
  const res = await fetch(`${kefu.url}${path}`, {
    method: body === undefined ? "GET" : "PUT",
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

function visitor(key: string, token?: string): Promise<{ socket: Socket; session: any }> {
  const socket = io(`${kefu.url}/visitor`, {
    auth: { key, token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("session", (session) => resolve({ socket, session }));
    socket.once("connect_error", reject);
  });
}

const ack = (s: Socket, event: string, payload: unknown) => s.timeout(15_000).emitWithAck(event, payload);
const on = <P>(s: Socket, event: string, match: (p: P) => boolean) =>
  new Promise<P>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event}`)), 20_000);
    s.on(event, (p: P) => match(p) && (clearTimeout(timer), resolve(p)));
  });

/** The visitor last wrote (and the conversation began) 5 minutes ago. */
async function silence(conversationId: string) {
  await db()
    .$executeRaw`UPDATE messages SET created_at = created_at - interval '5 minutes' WHERE conversation_id = ${conversationId}`;
  await db()
    .$executeRaw`UPDATE conversations SET created_at = created_at - interval '5 minutes' WHERE id = ${conversationId}`;
}

test("the setting: REST and its bad input, per tenant", async () => {
  assert.deepEqual((await api("/api/v1/settings/inactivity", a.apiKey)).json.data, { inactivityMinutes: 30 });
  const bad = await api("/api/v1/settings/inactivity", a.apiKey, { inactivityMinutes: -5 });
  assert.equal(bad.status, 400);
  assert.match(bad.json.error.message, /inactivityMinutes/);
  assert.equal(
    (await api("/api/v1/settings/inactivity", a.apiKey, { inactivityMinutes: 1 })).json.data.inactivityMinutes,
    1,
  );
  assert.equal(
    (await api("/api/v1/settings/inactivity", b.apiKey)).json.data.inactivityMinutes,
    30,
    "another tenant's setting is its own",
  );
});

test("a silent conversation closes, the visitor is told in Chinese, and again when they come back", async () => {
  const v = await visitor(a.bot.publicKey);
  const sent = await ack(v.socket, "message", { clientId: crypto.randomUUID(), text: "你好，请问仓库在哪里？" });
  // another tenant's silent conversation stays open: its time is 30 minutes
  const vb = await visitor(b.bot.publicKey);
  const sentB = await ack(vb.socket, "message", { clientId: crypto.randomUUID(), text: "hello" });
  const told = on<{ role: string; text: string }>(v.socket, "message", (m) => m.role === "system");
  const closed = on<{ status: string }>(v.socket, "status", (p) => p.status === "closed");
  await silence(sent.conversationId);
  await silence(sentB.conversationId);
  assert.match((await told).text, /自动关闭/);
  assert.doesNotMatch((await told).text, /[a-z]{4}/i, "in the visitor's language only");
  await closed;
  const row = await db().conversation.findUniqueOrThrow({
    where: { id: sent.conversationId },
    select: { status: true, closedReason: true },
  });
  assert.deepEqual(row, { status: "closed", closedReason: "inactive" });
  v.socket.close();

  const back = await visitor(a.bot.publicKey, v.session.visitorToken);
  assert.equal(back.session.conversationId, null);
  assert.match(back.session.closedNotice.text, /自动关闭/);
  const again = await ack(back.socket, "message", { clientId: crypto.randomUUID(), text: "我又来了" });
  assert.notEqual(again.conversationId, sent.conversationId, "a message starts a new conversation");
  back.socket.close();
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal((await db().conversation.findUniqueOrThrow({ where: { id: sentB.conversationId } })).status, "bot");
  vb.socket.close();
});

test("a waiting visitor is never closed: it becomes a left message and the agent's slot is free again", async () => {
  await db().membership.updateMany({ where: { tenantId: a.tenant.id, userId: a.admin.id }, data: { maxChats: 1 } });
  const cookie = await signInCookieAt(kefu.url, a.admin.email, a.admin.password);
  const agent = io(`${kefu.url}/agent`, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  });
  await new Promise<void>((r) => agent.once("connect", () => r()));
  await ack(agent, "presence:set", { status: "online" });

  const first = await visitor(a.bot.publicKey);
  const assigned = on<{ conversationId: string; assigneeId?: string }>(
    agent,
    "status",
    (p) => p.assigneeId === a.admin.id,
  );
  const c1 = (await ack(first.socket, "handoff:request", {})).conversationId;
  assert.equal((await assigned).conversationId, c1);

  await silence(c1);
  const deadline = Date.now() + 20_000;
  while (!(await db().conversation.findUniqueOrThrow({ where: { id: c1 } })).leftMessageAt) {
    if (Date.now() > deadline) throw new Error("the waiting conversation did not become a left message");
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(
    (await db().conversation.findUniqueOrThrow({ where: { id: c1 } })).status,
    "waiting",
    "never closed silently",
  );
  const left = await ack(agent, "conversations:list", { view: "left" });
  assert.ok(
    left.conversations.some((c: any) => c.id === c1),
    "in the Left messages view",
  );

  // the agent's one slot is free: the next waiting visitor is assigned to them
  const second = await visitor(a.bot.publicKey);
  const next = on<{ conversationId: string; assigneeId?: string }>(
    agent,
    "status",
    (p) => p.assigneeId === a.admin.id && p.conversationId !== c1,
  );
  const c2 = (await ack(second.socket, "handoff:request", {})).conversationId;
  assert.equal((await next).conversationId, c2);
  for (const s of [agent, first.socket, second.socket]) s.close();
});
