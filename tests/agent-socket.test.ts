import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import type { Socket } from "socket.io-client";
import { getConversation, messagesAfter } from "../lib/conversations";
import { disconnectDb } from "../lib/db/client";
import { addUserToTenant } from "../lib/tenants";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectAgent, connectVisitor, emitAck, waitFor, type WireMessage } from "./helpers/sockets";

let a: Awaited<ReturnType<typeof makeTenant>>;
let b: Awaited<ReturnType<typeof makeTenant>>;
let agentA: Socket;
let agentB: Socket;
const seenByB: unknown[] = [];
const uuid = () => crypto.randomUUID();

before(async () => {
  a = await makeTenant("agent-a");
  b = await makeTenant("agent-b");
  const agentUser = await addUserToTenant(a.tenant.id, {
    email: `agent-${a.tenant.slug}@kefu.test`,
    name: "Agent Ann",
    password: "agent-password",
    role: "agent",
  });
  agentA = await connectAgent(await signInCookie(agentUser.email, "agent-password"));
  agentB = await connectAgent(await signInCookie(b.admin.email, b.admin.password));
  for (const ev of ["conversation", "message", "bot:delta", "status"]) agentB.on(ev, (p) => seenByB.push(p));
});

after(async () => {
  agentA?.close();
  agentB?.close();
  await disconnectDb();
});

test("an agent socket without a session is refused", async () => {
  await assert.rejects(connectAgent(""), (err: any) => err.data?.code === "unauthorized");
  await assert.rejects(connectAgent("next-auth.session-token=forged"), (err: any) => err.data?.code === "unauthorized");
});

test("the inbox sees the new conversation and every message live; takeover silences the bot; the reply reaches the visitor; close ends it", async () => {
  const { socket: visitor } = await connectVisitor({ key: a.bot.publicKey });
  const newConversation = waitFor(agentA, "conversation");
  const visitorMsgAtAgent = waitFor<WireMessage>(agentA, "message", (m) => m.role === "visitor");
  const botAnswer = waitFor<WireMessage>(agentA, "message", (m) => m.role === "bot", 30_000);
  const ack = await emitAck(visitor, "message", { clientId: uuid(), text: "Hello, where is the warehouse?" });
  const conversationId = ack.conversationId;
  assert.equal(((await newConversation) as { id: string }).id, conversationId);
  assert.equal((await visitorMsgAtAgent).id, ack.id);
  await botAnswer;

  const listed = await emitAck(agentA, "conversations:list", {});
  assert.ok(listed.conversations.some((c: { id: string }) => c.id === conversationId));

  const statusAtVisitor = waitFor(visitor, "status", (s: { status: string }) => s.status === "agent");
  const take = await emitAck(agentA, "takeover", { conversationId });
  assert.deepEqual(take, { ok: true, status: "agent" });
  await statusAtVisitor;

  // the bot stays silent while the agent is in charge
  const botDeltas: unknown[] = [];
  visitor.on("bot:delta", (d) => botDeltas.push(d));
  const visitorAck = await emitAck(visitor, "message", { clientId: uuid(), text: "Are you a human?" });
  assert.equal(visitorAck.ok, true);

  const replyAtVisitor = waitFor<WireMessage>(visitor, "message", (m) => m.role === "agent");
  const clientId = uuid();
  const reply = await emitAck(agentA, "reply", {
    conversationId,
    clientId,
    text: "Yes, I'm Ann. <b>How can I help?</b>",
  });
  assert.equal(reply.ok, true);
  const got = await replyAtVisitor;
  assert.equal(got.id, reply.id);
  assert.equal(got.text, "Yes, I'm Ann. <b>How can I help?</b>");
  const again = await emitAck(agentA, "reply", {
    conversationId,
    clientId,
    text: "Yes, I'm Ann. <b>How can I help?</b>",
  });
  assert.equal(again.id, reply.id, "a resent reply is stored once");

  await new Promise((r) => setTimeout(r, 1000));
  assert.deepEqual(botDeltas, []);
  const stored = await messagesAfter(a.tenant.id, conversationId, visitorAck.seq);
  assert.ok(
    stored.every((m) => m.role !== "bot"),
    "no bot message after the takeover",
  );

  const closedAtVisitor = waitFor(visitor, "status", (s: { status: string }) => s.status === "closed");
  assert.deepEqual(await emitAck(agentA, "close", { conversationId }), { ok: true, status: "closed" });
  await closedAtVisitor;
  assert.equal((await getConversation(a.tenant.id, conversationId)).status, "closed");
  const late = await emitAck(agentA, "reply", { conversationId, clientId: uuid(), text: "after close" });
  assert.equal(late.error.code, "closed");
  visitor.close();
});

test("a visitor asking for a human puts the conversation in the waiting queue", async () => {
  const { socket: visitor } = await connectVisitor({ key: a.bot.publicKey });
  const waiting = waitFor(visitor, "status", (s: { status: string }) => s.status === "waiting");
  await emitAck(visitor, "message", { clientId: uuid(), text: "人工" });
  await waiting;
  visitor.close();
});

test("another tenant's agent receives none of these events and cannot act on the conversation", async () => {
  const { socket: visitor } = await connectVisitor({ key: a.bot.publicKey });
  const ack = await emitAck(visitor, "message", { clientId: uuid(), text: "secret of tenant A" });
  await new Promise((r) => setTimeout(r, 800));
  const open = await emitAck(agentB, "conversation:open", { conversationId: ack.conversationId });
  assert.deepEqual(open, { ok: false, error: { code: "not_found", message: "No such conversation" } });
  const take = await emitAck(agentB, "takeover", { conversationId: ack.conversationId });
  assert.equal(take.error.code, "not_found");
  const reply = await emitAck(agentB, "reply", { conversationId: ack.conversationId, clientId: uuid(), text: "hi" });
  assert.equal(reply.error.code, "not_found");
  const list = await emitAck(agentB, "conversations:list", {});
  assert.ok(!list.conversations.some((c: { id: string }) => c.id === ack.conversationId));
  assert.ok(!JSON.stringify(seenByB).includes(ack.conversationId), "tenant B saw an event of tenant A");
  assert.ok(!JSON.stringify(seenByB).includes("secret of tenant A"));
  visitor.close();
});
