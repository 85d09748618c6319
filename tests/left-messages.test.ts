// A visitor's "leave a message" (the widget's offline form) is a conversation agents see: in the inbox's "Left
// messages" view, in search, in the visitor panel and in REST; an email answer is recorded on it. Another tenant's
// agents and keys see none of it.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import type { Socket } from "socket.io-client";
import { db, disconnectDb } from "../lib/db/client";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectAgent, connectVisitor, emitAck } from "./helpers/sockets";

type T = Awaited<ReturnType<typeof makeTenant>>;
let a: T;
let b: T;
let agentA: Socket;
let agentB: Socket;
const marker = crypto.randomBytes(4).toString("hex");
const text = `my order 12345 arrived broken ${marker}`;
let conversationId = "";

before(async () => {
  [a, b] = await Promise.all([makeTenant("left-a"), makeTenant("left-b")]);
  [agentA, agentB] = await Promise.all([
    connectAgent(await signInCookie(a.admin.email, a.admin.password)),
    connectAgent(await signInCookie(b.admin.email, b.admin.password)),
  ]);
});
after(async () => {
  agentA?.close();
  agentB?.close();
  await disconnectDb();
});

async function api(path: string, key: string) {
  const res = await fetch(`${testEnv.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, json: (await res.json()) as any };
}

async function until<V>(get: () => Promise<V>, ok: (v: V) => boolean, what: string, ms = 20_000): Promise<V> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("a left message becomes a waiting conversation in the Left messages view, with the visitor's contact and page", async () => {
  const v = await connectVisitor({ key: a.bot.publicKey, page: "https://shop.example/orders/12345?token=x" } as never);
  const bad = await emitAck(v.socket, "leave_message", { email: "han@example.cn", phone: "call me maybe", text });
  assert.equal(bad.error.code, "bad_request");
  assert.match(bad.error.message, /phone/);
  const ok = await emitAck(v.socket, "leave_message", {
    name: "Han Meimei",
    email: "han@example.cn",
    phone: "+86 138 0000 0000",
    text,
  });
  assert.equal(ok.ok, true, JSON.stringify(ok));
  conversationId = ok.conversationId;
  assert.ok(conversationId, "the ack names the conversation");
  v.socket.close();

  const list = await emitAck(agentA, "conversations:list", { view: "left" });
  const row = list.conversations.find((c: any) => c.id === conversationId);
  assert.ok(row, "in the Left messages view");
  assert.equal(row.status, "waiting");
  assert.equal(row.visitorEmail, "han@example.cn");
  assert.equal(row.lastMessage.text, text);
  const counts = await emitAck(agentA, "inbox:counts", {});
  assert.equal(counts.counts.left.total, 1);

  const opened = await emitAck(agentA, "conversation:open", { conversationId });
  assert.equal(opened.visitor.phone, "+86 138 0000 0000");
  assert.equal(opened.visitor.name, "Han Meimei");
  assert.equal(opened.conversation.leftMessage.page, "https://shop.example/orders/12345");
  assert.equal(opened.conversation.leftMessage.email, "han@example.cn");
  assert.deepEqual(
    opened.messages.map((m: any) => [m.role, m.text]),
    [["visitor", text]],
  );
  assert.equal(opened.conversation.handoffReason, "left_message");
});

test("the left message is found by inbox search", async () => {
  await until(
    () => emitAck(agentA, "conversations:list", { view: "all", q: marker }),
    (r: any) => r.conversations?.some((c: any) => c.id === conversationId),
    "search by the left text",
  );
});

test("an agent records an email answer; bad input is refused and changes nothing", async () => {
  const empty = await emitAck(agentA, "email_reply", { conversationId, text: "  " });
  assert.equal(empty.error.code, "bad_request");
  assert.match(empty.error.message, /empty/);
  const reply = await emitAck(agentA, "email_reply", { conversationId, text: "Sorry! A new one is on its way." });
  assert.equal(reply.ok, true, JSON.stringify(reply));
  assert.equal(reply.reply.toEmail, "han@example.cn");
  assert.equal(reply.reply.sentAt, null, "recorded; the agent sends it by hand");
  const opened = await emitAck(agentA, "conversation:open", { conversationId });
  assert.deepEqual(
    opened.conversation.emailReplies.map((r: any) => r.text),
    ["Sorry! A new one is on its way."],
  );
  assert.equal(await db().emailReply.count({ where: { conversationId } }), 1);
});

test("REST lists left messages with the contact details, and the conversation with its email replies", async () => {
  const list = await api("/api/v1/conversations?leftMessage=true", a.apiKey);
  assert.equal(list.status, 200);
  const row = list.json.data.find((c: any) => c.id === conversationId);
  assert.deepEqual(
    { ...row.leftMessage, at: undefined },
    {
      text,
      name: "Han Meimei",
      email: "han@example.cn",
      phone: "+86 138 0000 0000",
      page: "https://shop.example/orders/12345",
      at: undefined,
    },
  );
  const none = await api("/api/v1/conversations?leftMessage=false", a.apiKey);
  assert.ok(!none.json.data.some((c: any) => c.id === conversationId));
  const one = await api(`/api/v1/conversations/${conversationId}`, a.apiKey);
  assert.equal(one.status, 200);
  assert.equal(one.json.data.emailReplies[0].toEmail, "han@example.cn");
  const bad = await api("/api/v1/conversations?leftMessage=maybe", a.apiKey);
  assert.equal(bad.status, 400);
  assert.match(bad.json.error.message, /leftMessage/);
});

test("another tenant sees none of it: inbox, search, details, email reply, REST", async () => {
  const list = await emitAck(agentB, "conversations:list", { view: "left" });
  assert.deepEqual(list.conversations, []);
  const found = await emitAck(agentB, "conversations:list", { view: "all", q: marker });
  assert.deepEqual(found.conversations, []);
  assert.equal((await emitAck(agentB, "conversation:open", { conversationId })).error.code, "not_found");
  assert.equal((await emitAck(agentB, "email_reply", { conversationId, text: "hijack" })).error.code, "not_found");
  assert.equal(await db().emailReply.count({ where: { conversationId } }), 1);
  const rest = await api("/api/v1/conversations?leftMessage=true", b.apiKey);
  assert.ok(!rest.json.data.some((c: any) => c.id === conversationId));
  const one = await api(`/api/v1/conversations/${conversationId}`, b.apiKey);
  assert.equal(one.status, 404);
  assert.equal(one.json.error.code, "not_found");
});
