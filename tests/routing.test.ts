// Routing of waiting conversations: auto-assignment to the least busy online agent within max_chats, the shared
// queue mode, agents coming online take queued conversations, presence seen by the team, the handoff summary.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, test } from "node:test";
import type { Socket } from "socket.io-client";
import { db, disconnectDb } from "../lib/db/client";
import { addUserToTenant } from "../lib/tenants";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectAgent, connectVisitor, emitAck, waitFor } from "./helpers/sockets";

type Fixture = Awaited<ReturnType<typeof makeTenant>>;
const uuid = () => crypto.randomUUID();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sockets: Socket[] = [];

after(async () => {
  for (const s of sockets) s.close();
  await disconnectDb();
});

async function agentOf(t: Fixture, name: string, maxChats = 5) {
  const user = await addUserToTenant(t.tenant.id, {
    email: `${name.toLowerCase()}-${t.tenant.slug}@kefu.test`,
    name,
    password: "agent-password",
    role: "agent",
  });
  await db().membership.updateMany({ where: { tenantId: t.tenant.id, userId: user.id }, data: { maxChats } });
  const socket = await connectAgent(await signInCookie(user.email, "agent-password"));
  sockets.push(socket);
  return { socket, id: user.id, name };
}

/** A visitor asks for a human; resolves with the conversation id once it waits for an agent. */
async function handOffOne(t: Fixture, question?: string) {
  const { socket } = await connectVisitor({ key: t.bot.publicKey });
  sockets.push(socket);
  const waiting = waitFor(socket, "status", (s: { status: string }) => s.status === "waiting", 60_000);
  let id: string | undefined;
  if (question) id = (await emitAck(socket, "message", { clientId: uuid(), text: question })).conversationId;
  const ack = await emitAck(socket, "message", { clientId: uuid(), text: "人工" });
  await waiting;
  return (id ?? ack.conversationId) as string;
}

const assignedTo = (agent: Socket, conversationId: string) =>
  waitFor<{ conversationId: string; assigneeId: string | null }>(
    agent,
    "status",
    (p) => p.conversationId === conversationId && !!p.assigneeId,
    20_000,
  );
const assignee = async (id: string) =>
  (await db().conversation.findUniqueOrThrow({ where: { id }, select: { assigneeId: true } })).assigneeId;

test("auto: the least busy online agent gets it, max_chats is respected, the rest waits until a slot frees", async () => {
  const t = await makeTenant("route-auto");
  const xena = await agentOf(t, "Xena", 1);
  const yuri = await agentOf(t, "Yuri", 3);
  const zoe = await agentOf(t, "Zoe", 5); // connected but away: never assigned
  assert.deepEqual(await emitAck(zoe.socket, "presence:set", { status: "away" }), { ok: true, status: "away" });
  await emitAck(xena.socket, "presence:set", { status: "online" });
  await emitAck(yuri.socket, "presence:set", { status: "online" });

  // Yuri already holds one conversation
  const c0 = await handOffOne(t);
  await pause(300);
  await emitAck(yuri.socket, "assign", { conversationId: c0, assigneeId: yuri.id });

  const c1 = await handOffOne(t);
  assert.equal((await assignedTo(xena.socket, c1)).assigneeId, xena.id, "Xena holds none: least busy");
  const c2 = await handOffOne(t);
  assert.equal((await assignedTo(yuri.socket, c2)).assigneeId, yuri.id, "Xena is at her limit of 1");
  await db().membership.updateMany({ where: { tenantId: t.tenant.id, userId: yuri.id }, data: { maxChats: 2 } });
  const c3 = await handOffOne(t);
  await pause(800);
  assert.equal(await assignee(c3), null, "everyone online is full: it waits in the queue");
  const queued = await emitAck(zoe.socket, "conversations:list", { view: "waiting" });
  assert.equal(queued.conversations.find((c: { id: string }) => c.id === c3)?.assigneeId, null);

  // Xena closes hers: the queued conversation goes to her
  const freed = assignedTo(xena.socket, c3);
  await emitAck(xena.socket, "close", { conversationId: c1 });
  assert.equal((await freed).assigneeId, xena.id);
  assert.notEqual(await assignee(c3), zoe.id);

  const team = await emitAck(zoe.socket, "team", {});
  const byName = Object.fromEntries(team.agents.map((a: { name: string }) => [a.name, a]));
  assert.deepEqual([byName.Xena.open, byName.Xena.presence], [1, "online"]);
  assert.deepEqual([byName.Yuri.open, byName.Yuri.maxChats], [2, 2]);
  assert.equal(byName.Zoe.presence, "away");
});

test("an agent coming online takes the queued conversations; presence is shown to the team and ends with the socket", async () => {
  const t = await makeTenant("route-online");
  const other = await makeTenant("route-other");
  const watcher = await agentOf(t, "Watcher");
  const outsider = await agentOf(other, "Outsider");
  const outsiderSaw: unknown[] = [];
  outsider.socket.onAny((event, payload) => outsiderSaw.push({ event, payload }));

  const c1 = await handOffOne(t);
  await pause(500);
  assert.equal(await assignee(c1), null, "nobody online: queued");

  const late = await agentOf(t, "Late", 5);
  const online = waitFor<{ userId: string; status: string }>(watcher.socket, "presence", (p) => p.userId === late.id);
  const taken = assignedTo(watcher.socket, c1);
  await emitAck(late.socket, "presence:set", { status: "online" });
  assert.deepEqual(await online, { userId: late.id, name: "Late", status: "online" });
  assert.equal((await taken).assigneeId, late.id);
  const listed = await emitAck(watcher.socket, "presence:list", {});
  assert.ok(
    listed.agents.some((a: { userId: string; status: string }) => a.userId === late.id && a.status === "online"),
  );

  const away = waitFor<{ userId: string; status: string }>(
    watcher.socket,
    "presence",
    (p) => p.userId === late.id && p.status === "away",
  );
  await emitAck(late.socket, "presence:set", { status: "away" });
  await away;
  const gone = waitFor<{ userId: string; status: string }>(
    watcher.socket,
    "presence",
    (p) => p.userId === late.id && p.status === "offline",
  );
  late.socket.close();
  await gone;
  const bad = await emitAck(watcher.socket, "presence:set", { status: "busy" });
  assert.equal(bad.error.code, "bad_request");

  await pause(300);
  const seen = JSON.stringify(outsiderSaw);
  assert.ok(!seen.includes(late.id) && !seen.includes(c1), "another tenant saw this tenant's presence or routing");
  assert.ok(
    !(await emitAck(outsider.socket, "presence:list", {})).agents.some((a: { userId: string }) => a.userId === late.id),
  );
});

test("queue mode: conversations stay in the shared queue for agents to claim; switching to auto assigns them", async () => {
  const t = await makeTenant("route-queue");
  const other = await makeTenant("route-queue-b");
  const admin = await signInCookie(t.admin.email, t.admin.password);
  const put = (cookie: string, path: string, body: unknown) =>
    fetch(`${testEnv.url}${path}`, {
      method: "PUT",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const set = await put(admin, "/api/admin/inbox/routing", { routingMode: "queue" });
  assert.deepEqual(await set.json(), { routingMode: "queue" });
  const wrong = await put(admin, "/api/admin/inbox/routing", { routingMode: "round-robin" });
  assert.equal(wrong.status, 400);
  assert.match((await wrong.json()).error.message, /routingMode must be "auto" or "queue"/);

  const quinn = await agentOf(t, "Quinn");
  await emitAck(quinn.socket, "presence:set", { status: "online" });
  const agentCookie = await signInCookie(`quinn-${t.tenant.slug}@kefu.test`, "agent-password");
  assert.equal(
    (await put(agentCookie, "/api/admin/inbox/routing", { routingMode: "auto" })).status,
    403,
    "agents cannot change routing",
  );

  const c1 = await handOffOne(t);
  const c2 = await handOffOne(t);
  await pause(800);
  assert.deepEqual([await assignee(c1), await assignee(c2)], [null, null]);
  assert.deepEqual(await emitAck(quinn.socket, "claim", { conversationId: c1 }), { ok: true, assigneeId: quinn.id });

  // another tenant's admin cannot change this tenant's mode or limits
  const otherAdmin = await signInCookie(other.admin.email, other.admin.password);
  assert.equal((await put(otherAdmin, "/api/admin/inbox/agents", { userId: quinn.id, maxChats: 0 })).status, 404);
  const limit = await put(admin, "/api/admin/inbox/agents", { userId: quinn.id, maxChats: 9 });
  assert.deepEqual(await limit.json(), { userId: quinn.id, maxChats: 9 });

  const taken = assignedTo(quinn.socket, c2);
  assert.deepEqual(await (await put(admin, "/api/admin/inbox/routing", { routingMode: "auto" })).json(), {
    routingMode: "auto",
  });
  assert.equal((await taken).assigneeId, quinn.id);
  const mode = await fetch(`${testEnv.url}/api/admin/inbox/routing`, { headers: { cookie: otherAdmin } });
  assert.deepEqual(
    await mode.json(),
    { routingMode: "auto" },
    "the other tenant's own mode is untouched (auto by default)",
  );
});

test("a handoff records its reason and a summary the agent sees at the top of the conversation", async () => {
  const t = await makeTenant("route-summary");
  const agent = await agentOf(t, "Sam");
  const question = "My order 4471 arrived broken, can I get a replacement?";
  // the suite's server runs the tiny test model: its summary is added after the first one, within the time limit
  const byModel = waitFor<{ conversationId: string; summary: string; by: string }>(
    agent.socket,
    "summary",
    () => true,
    30_000,
  );
  const id = await handOffOne(t, question);
  const handedOffAt = Date.now();
  const open = await emitAck(agent.socket, "conversation:open", { conversationId: id });
  assert.equal(open.ok, true);
  assert.ok(["visitor_asked", "low_confidence"].includes(open.conversation.handoffReason));
  assert.ok(open.conversation.summary && open.conversation.summary.length > 5, `summary: ${open.conversation.summary}`);
  // at once (before the model's version) it is the visitor's own question; the model's summary is added later
  const stored = await db().conversation.findUniqueOrThrow({ where: { id }, select: { summary: true } });
  assert.ok(stored.summary);
  assert.ok(open.visitor && "userAgent" in open.visitor && Array.isArray(open.past));

  const model = await byModel;
  console.log(
    `[figure] model handoff summary ${Date.now() - handedOffAt} ms after the handoff (${model.summary.length} chars)`,
  );
  assert.equal(model.conversationId, id);
  assert.equal(model.by, "model");
  assert.equal(
    (await db().conversation.findUniqueOrThrow({ where: { id }, select: { summary: true } })).summary,
    model.summary,
  );
  // the visitor's own question stays first, whatever the model made of it; the model's summary follows, labelled
  assert.ok(model.summary.startsWith(`Visitor asked: ${question}\n`), model.summary);
  assert.match(model.summary, /\nSummary by the model: \S/);
});
