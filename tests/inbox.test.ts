// The inbox over the /agent socket: views, unread counts, search, labels, claim/assign/transfer, notes the visitor
// never sees (live or on replay), typing, reopen — and another tenant's agent can do none of it and hears nothing.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import type { Socket } from "socket.io-client";
import { db, disconnectDb } from "../lib/db/client";
import { addUserToTenant } from "../lib/tenants";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectAgent, connectVisitor, emitAck, waitFor, type WireMessage } from "./helpers/sockets";

type Fixture = Awaited<ReturnType<typeof makeTenant>>;
let a: Fixture;
let b: Fixture;
let ann: Socket; // agent of A
let bob: Socket; // second agent of A
let bobId: string;
let annId: string;
let eve: Socket; // admin of tenant B
const seenByEve: unknown[] = [];
const uuid = () => crypto.randomUUID();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sockets: Socket[] = [];

async function agentOf(t: Fixture, name: string) {
  const user = await addUserToTenant(t.tenant.id, {
    email: `${name.toLowerCase()}-${t.tenant.slug}@kefu.test`,
    name,
    password: "agent-password",
    role: "agent",
  });
  const socket = await connectAgent(await signInCookie(user.email, "agent-password"));
  sockets.push(socket);
  return { socket, id: user.id };
}

/** A visitor whose conversation waits for an agent (asked for a human after one question). */
async function waitingVisitor(t: Fixture, question: string) {
  const { socket, session } = await connectVisitor({ key: t.bot.publicKey });
  sockets.push(socket);
  // registered first: a rule (low confidence) may hand off after the first question already
  const waiting = waitFor(socket, "status", (s: { status: string }) => s.status === "waiting", 60_000);
  const first = await emitAck(socket, "message", { clientId: uuid(), text: question });
  await emitAck(socket, "message", { clientId: uuid(), text: "human" });
  await waiting;
  return { socket, token: session.visitorToken, conversationId: first.conversationId as string };
}

before(async () => {
  a = await makeTenant("inbox-a");
  b = await makeTenant("inbox-b");
  // queue mode: these tests assign by hand; auto-assignment has its own file (tests/routing.test.ts)
  await db().tenant.updateMany({ where: { id: { in: [a.tenant.id, b.tenant.id] } }, data: { routingMode: "queue" } });
  ({ socket: ann, id: annId } = await agentOf(a, "Ann"));
  ({ socket: bob, id: bobId } = await agentOf(a, "Bob"));
  eve = await connectAgent(await signInCookie(b.admin.email, b.admin.password));
  sockets.push(eve);
  eve.onAny((event, payload) => seenByEve.push({ event, payload }));
});

after(async () => {
  for (const s of sockets) s.close();
  await disconnectDb();
});

test("views, unread counts and mark-read: a waiting conversation shows unread visitor messages until opened", async () => {
  const marker = `parcel-${crypto.randomBytes(3).toString("hex")}`;
  const v = await waitingVisitor(a, `Where is my ${marker}?`);
  const waiting = await emitAck(ann, "conversations:list", { view: "waiting" });
  const row = waiting.conversations.find((c: { id: string }) => c.id === v.conversationId);
  assert.ok(row, "the conversation is in the Waiting view");
  assert.equal(row.status, "waiting");
  assert.ok(["visitor_asked", "low_confidence"].includes(row.handoffReason), row.handoffReason);
  assert.equal(row.unread, 2, "both visitor messages are unread");
  const bot = await emitAck(ann, "conversations:list", { view: "bot" });
  assert.ok(
    !bot.conversations.some((c: { id: string }) => c.id === v.conversationId),
    "not in the bot's view any more",
  );
  const before = (await emitAck(ann, "inbox:counts", {})).counts;
  assert.ok(before.waiting.total >= 1 && before.waiting.unread >= 1);

  const readAtBob = waitFor(bob, "read", (p: { conversationId: string }) => p.conversationId === v.conversationId);
  const open = await emitAck(ann, "conversation:open", { conversationId: v.conversationId });
  assert.equal(open.ok, true);
  assert.ok(open.conversation.agentReadSeq >= 2);
  await readAtBob; // the whole team sees it read
  const after = await emitAck(bob, "conversations:list", { view: "waiting" });
  assert.equal(after.conversations.find((c: { id: string }) => c.id === v.conversationId).unread, 0);
  const counts = (await emitAck(ann, "inbox:counts", {})).counts;
  assert.equal(counts.waiting.unread, before.waiting.unread - 1);

  // a new visitor message is unread again
  await emitAck(v.socket, "message", { clientId: uuid(), text: "Hello? Anyone?" });
  await pause(300);
  const again = await emitAck(ann, "conversations:list", { view: "waiting" });
  assert.equal(again.conversations.find((c: { id: string }) => c.id === v.conversationId).unread, 1);
});

test("search by message text and by visitor name or email; labels filter the list", async () => {
  const marker = crypto.randomBytes(4).toString("hex");
  const v1 = await waitingVisitor(a, `My invoice ${marker} is wrong`);
  const v2 = await waitingVisitor(a, "Do you ship to Norway?");
  const visitor2 = await db().conversation.findUniqueOrThrow({
    where: { id: v2.conversationId },
    select: { visitorId: true },
  });
  await db().visitor.update({
    where: { id: visitor2.visitorId },
    data: { name: `Mia ${marker}`, email: `mia.${marker}@example.com` },
  });

  const byText = await emitAck(ann, "conversations:list", { q: `INVOICE ${marker}` });
  assert.deepEqual(
    byText.conversations.map((c: { id: string }) => c.id),
    [v1.conversationId],
  );
  const byName = await emitAck(ann, "conversations:list", { q: `mia ${marker}` });
  assert.deepEqual(
    byName.conversations.map((c: { id: string }) => c.id),
    [v2.conversationId],
  );
  assert.equal(byName.conversations[0].visitorEmail, `mia.${marker}@example.com`);
  const byEmail = await emitAck(ann, "conversations:list", { q: `${marker}@example` });
  assert.deepEqual(
    byEmail.conversations.map((c: { id: string }) => c.id),
    [v2.conversationId],
  );

  const labelAtBob = waitFor<{ conversationId: string; labels: string[] }>(
    bob,
    "labels",
    (p) => p.conversationId === v2.conversationId,
  );
  const labelled = await emitAck(ann, "labels", {
    conversationId: v2.conversationId,
    add: [`vip-${marker}`, "shipping"],
  });
  assert.deepEqual(labelled.labels, [`vip-${marker}`, "shipping"]);
  assert.deepEqual((await labelAtBob).labels, [`vip-${marker}`, "shipping"]);
  const filtered = await emitAck(ann, "conversations:list", { label: `vip-${marker}` });
  assert.deepEqual(
    filtered.conversations.map((c: { id: string }) => c.id),
    [v2.conversationId],
  );
  assert.ok((await emitAck(ann, "labels:list", {})).labels.includes(`vip-${marker}`));
  const removed = await emitAck(ann, "labels", { conversationId: v2.conversationId, remove: ["shipping"] });
  assert.deepEqual(removed.labels, [`vip-${marker}`]);
  const bad = await emitAck(ann, "labels", { conversationId: v2.conversationId, add: [""] });
  assert.equal(bad.error.code, "bad_request");
  assert.match(bad.error.message, /add\.0: a label cannot be empty/);
  const longQ = await emitAck(ann, "conversations:list", { q: "x".repeat(201) });
  assert.equal(longQ.error.code, "bad_request");
});

test("claim, assign and transfer: Mine follows the assignee; the visitor hears who joined but never an agent id", async () => {
  const v = await waitingVisitor(a, "I need to change my address");
  const visitorStatuses: any[] = [];
  v.socket.on("status", (s) => visitorStatuses.push(s));

  const claimedAtBob = waitFor(
    bob,
    "status",
    (p: any) => p.conversationId === v.conversationId && p.assigneeId === annId,
  );
  assert.deepEqual(await emitAck(ann, "claim", { conversationId: v.conversationId }), { ok: true, assigneeId: annId });
  await claimedAtBob;
  const mine = await emitAck(ann, "conversations:list", { view: "mine" });
  assert.ok(mine.conversations.some((c: { id: string }) => c.id === v.conversationId));
  assert.ok(
    !(await emitAck(bob, "conversations:list", { view: "mine" })).conversations.some(
      (c: { id: string }) => c.id === v.conversationId,
    ),
  );

  // Ann answers (takes over), then transfers to Bob: the visitor is told Bob joined
  await emitAck(ann, "reply", { conversationId: v.conversationId, clientId: uuid(), text: "Hi, Ann here." });
  const joined = waitFor<WireMessage>(v.socket, "message", (m) => m.role === "system" && m.text.includes("Bob joined"));
  const transfer = await emitAck(ann, "assign", { conversationId: v.conversationId, assigneeId: bobId });
  assert.deepEqual(transfer, { ok: true, assigneeId: bobId });
  await joined;
  assert.ok(
    (await emitAck(bob, "conversations:list", { view: "mine" })).conversations.some(
      (c: { id: string }) => c.id === v.conversationId,
    ),
  );
  assert.ok(
    !(await emitAck(ann, "conversations:list", { view: "mine" })).conversations.some(
      (c: { id: string }) => c.id === v.conversationId,
    ),
  );
  await pause(200);
  assert.deepEqual(
    visitorStatuses.map((s) => s.status),
    ["agent"],
    "the visitor hears of the agent taking over, not of assignments",
  );
  assert.ok(
    !JSON.stringify(visitorStatuses).includes(bobId) && !JSON.stringify(visitorStatuses).includes(annId),
    "no agent ids reach the visitor",
  );

  // assigning to someone of another tenant is refused like an unknown user
  const foreign = await emitAck(ann, "assign", { conversationId: v.conversationId, assigneeId: b.admin.id });
  assert.deepEqual(foreign.error, { code: "not_found", message: "No such agent in your team" });
  const unassigned = await emitAck(bob, "assign", { conversationId: v.conversationId, assigneeId: null });
  assert.deepEqual(unassigned, { ok: true, assigneeId: null });
});

test("internal notes reach the team only: never the visitor live, on replay, or in the API transcript", async () => {
  const secret = `note-${crypto.randomBytes(4).toString("hex")}`;
  const v = await waitingVisitor(a, "Can I get a refund?");
  const visitorEvents: unknown[] = [];
  v.socket.onAny((event, payload) => visitorEvents.push({ event, payload }));

  const noteAtBob = waitFor<WireMessage & { internal?: boolean; authorId?: string }>(bob, "message", (m) =>
    m.text.includes(secret),
  );
  const clientId = uuid();
  const note = await emitAck(ann, "note", {
    conversationId: v.conversationId,
    clientId,
    text: `Customer is ${secret}, refund approved`,
  });
  assert.equal(note.ok, true);
  const atBob = await noteAtBob;
  assert.equal(atBob.internal, true);
  assert.equal(atBob.authorId, annId);
  assert.equal(
    (
      await emitAck(ann, "note", {
        conversationId: v.conversationId,
        clientId,
        text: `Customer is ${secret}, refund approved`,
      })
    ).id,
    note.id,
    "a resent note is stored once",
  );
  const empty = await emitAck(ann, "note", { conversationId: v.conversationId, clientId: uuid(), text: "   " });
  assert.equal(empty.error.code, "empty");

  // a reply after the note reaches the visitor; the note never does
  const reply = waitFor<WireMessage>(v.socket, "message", (m) => m.role === "agent");
  await emitAck(ann, "reply", {
    conversationId: v.conversationId,
    clientId: uuid(),
    text: "Your refund is on its way.",
  });
  assert.ok((await reply).seq > note.seq);
  await pause(300);
  assert.ok(!JSON.stringify(visitorEvents).includes(secret), "the visitor's socket got the note");

  const open = await emitAck(bob, "conversation:open", { conversationId: v.conversationId });
  assert.ok(
    open.messages.some((m: { id: string; internal?: boolean }) => m.id === note.id && m.internal === true),
    "agents see notes in the history",
  );

  // the visitor comes back from scratch: replay has every message but the note
  const { socket: back, session } = await connectVisitor({ key: a.bot.publicKey, token: v.token, lastSeq: 0 });
  sockets.push(back);
  assert.equal(session.conversationId, v.conversationId);
  assert.ok(session.messages.some((m) => m.text === "Your refund is on its way."));
  assert.ok(!JSON.stringify(session).includes(secret), "the note was replayed to the visitor");
  assert.ok(!session.messages.some((m) => m.id === note.id));

  const api = await fetch(`${testEnv.url}/api/v1/conversations/${v.conversationId}/messages`, {
    headers: { authorization: `Bearer ${a.apiKey}` },
  });
  assert.equal(api.status, 200);
  assert.ok(!(await api.text()).includes(secret), "the REST transcript carries no notes");
});

test("typing both ways is scoped: the agent's typing reaches the visitor as agent:typing", async () => {
  const v = await waitingVisitor(a, "Is anybody there?");
  const typing = waitFor(v.socket, "agent:typing");
  assert.deepEqual(await emitAck(ann, "typing", { conversationId: v.conversationId, on: true }), { ok: true });
  assert.deepEqual(await typing, { on: true });
  const bad = await emitAck(ann, "typing", { conversationId: v.conversationId, on: "yes" });
  assert.equal(bad.error.code, "bad_request");
});

test("close and reopen: the conversation comes back to the agent who reopened it", async () => {
  const v = await waitingVisitor(a, "One more question");
  assert.deepEqual(await emitAck(ann, "close", { conversationId: v.conversationId }), { ok: true, status: "closed" });
  const closed = await emitAck(ann, "conversations:list", { view: "closed" });
  assert.ok(closed.conversations.some((c: { id: string }) => c.id === v.conversationId));
  const reopenedAtVisitor = waitFor(v.socket, "status", (s: { status: string }) => s.status === "agent");
  assert.deepEqual(await emitAck(ann, "reopen", { conversationId: v.conversationId }), { ok: true, status: "agent" });
  await reopenedAtVisitor;
  const mine = await emitAck(ann, "conversations:list", { view: "mine" });
  assert.equal(mine.conversations.find((c: { id: string }) => c.id === v.conversationId)?.status, "agent");

  // once the visitor has started a new conversation, the old one cannot be reopened (one open per visitor and bot)
  await emitAck(ann, "close", { conversationId: v.conversationId });
  const next = await emitAck(v.socket, "message", { clientId: uuid(), text: "A new question" });
  assert.notEqual(next.conversationId, v.conversationId);
  const refused = await emitAck(ann, "reopen", { conversationId: v.conversationId });
  assert.equal(refused.error.code, "conflict");
  assert.match(refused.error.message, /started a new conversation/);
});

test("canned replies: agents read them over the socket and REST; admins manage them; per tenant", async () => {
  const annCookie = await signInCookie(`ann-${a.tenant.slug}@kefu.test`, "agent-password");
  const adminA = await signInCookie(a.admin.email, a.admin.password);
  const adminB = await signInCookie(b.admin.email, b.admin.password);
  const call = (cookie: string, method: string, path: string, body?: unknown) =>
    fetch(`${testEnv.url}${path}`, {
      method,
      headers: { cookie, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  const created = await call(adminA, "POST", "/api/admin/canned", {
    shortcut: "/Hello",
    text: "Hello! How can I help you today?",
  });
  assert.equal(created.status, 201);
  const { canned } = await created.json();
  assert.equal(canned.shortcut, "hello");
  const dup = await call(adminA, "POST", "/api/admin/canned", { shortcut: "hello", text: "again" });
  assert.equal(dup.status, 409);
  assert.match((await dup.json()).error.message, /\/hello is already used/);
  const bad = await call(adminA, "POST", "/api/admin/canned", { shortcut: "two words", text: "x" });
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error.message, /shortcut: use 1–30 letters/);
  assert.equal(
    (await call(annCookie, "POST", "/api/admin/canned", { shortcut: "x", text: "x" })).status,
    403,
    "agents cannot manage them",
  );

  const listed = await emitAck(ann, "canned:list", {});
  assert.ok(listed.canned.some((c: { shortcut: string }) => c.shortcut === "hello"));
  assert.ok(
    !(await emitAck(eve, "canned:list", {})).canned.some((c: { id: string }) => c.id === canned.id),
    "tenant B does not see A's replies",
  );
  assert.equal(
    (await call(adminB, "PUT", `/api/admin/canned/${canned.id}`, { shortcut: "hello", text: "hijack" })).status,
    404,
  );
  assert.equal((await call(adminB, "DELETE", `/api/admin/canned/${canned.id}`)).status, 404);
  const updated = await call(adminA, "PUT", `/api/admin/canned/${canned.id}`, { shortcut: "hello", text: "Hi there!" });
  assert.equal((await updated.json()).canned.text, "Hi there!");
  assert.equal((await call(adminA, "DELETE", `/api/admin/canned/${canned.id}`)).status, 204);
});

test("another tenant's agent can neither read, claim, assign, note, label, type in nor reopen the conversation, and hears nothing", async () => {
  const secret = `a-only-${crypto.randomBytes(3).toString("hex")}`;
  const v = await waitingVisitor(a, `Tenant A question ${secret}`);
  await emitAck(ann, "note", { conversationId: v.conversationId, clientId: uuid(), text: `note ${secret}` });
  await emitAck(ann, "labels", { conversationId: v.conversationId, add: [secret] });
  const visitorEvents: unknown[] = [];
  v.socket.onAny((event, payload) => visitorEvents.push({ event, payload }));
  const id = v.conversationId;
  const attempts: [string, object][] = [
    ["conversation:open", { conversationId: id }],
    ["read", { conversationId: id }],
    ["claim", { conversationId: id }],
    ["assign", { conversationId: id, assigneeId: b.admin.id }],
    ["note", { conversationId: id, clientId: uuid(), text: "sneaky" }],
    ["labels", { conversationId: id, add: ["sneaky"] }],
    ["typing", { conversationId: id, on: true }],
    ["reopen", { conversationId: id }],
    ["close", { conversationId: id }],
  ];
  for (const [event, payload] of attempts) {
    const res = await emitAck(eve, event, payload);
    assert.deepEqual(res, { ok: false, error: { code: "not_found", message: "No such conversation" } }, event);
  }
  for (const q of [{}, { q: secret }, { label: secret }, { view: "waiting" }]) {
    const list = await emitAck(eve, "conversations:list", q);
    assert.ok(!list.conversations.some((c: { id: string }) => c.id === id));
  }
  assert.ok(!(await emitAck(eve, "labels:list", {})).labels.includes(secret));
  assert.ok(!(await emitAck(eve, "team", {})).agents.some((m: { userId: string }) => m.userId === annId));
  await pause(300);
  assert.ok(!JSON.stringify(visitorEvents).includes("agent:typing"), "B's typing reached A's visitor");
  const conv = await db().conversation.findUniqueOrThrow({
    where: { id },
    select: { status: true, assigneeId: true, labels: true },
  });
  assert.deepEqual(conv, { status: "waiting", assigneeId: null, labels: [secret] });
  const seen = JSON.stringify(seenByEve);
  assert.ok(!seen.includes(id) && !seen.includes(secret), "tenant B received an event of tenant A");
});
