import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import type { Socket } from "socket.io-client";
import { db, disconnectDb } from "../lib/db/client";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectAgent, connectVisitor, emitAck, waitFor, type WireMessage } from "./helpers/sockets";

// System lines (handoff, an agent joined, closed) reach a visitor in the widget's language only, never both;
// agents get the line's key so the inbox shows it in their own language.
type Tenant = Awaited<ReturnType<typeof makeTenant>>;
let t: Tenant;
let other: Tenant;
let agent: Socket;
const sockets: Socket[] = [];
const HAN = /[\u3400-\u9fff]/;
const LATIN_WORD = /[A-Za-z]{2,}/;

before(async () => {
  [t, other] = await Promise.all([makeTenant("lines"), makeTenant("lines-other")]);
  agent = await connectAgent(await signInCookie(t.admin.email, t.admin.password));
  sockets.push(agent);
  // an agent online: the handoff line promises one (with nobody online it says so instead, last tests); queue
  // routing, so the agent joins by taking over (below), not by being assigned at once
  await db().tenant.update({ where: { id: t.tenant.id }, data: { routingMode: "queue" } });
  assert.deepEqual(await emitAck(agent, "presence:set", { status: "online" }), { ok: true, status: "online" });
});
after(async () => {
  for (const s of sockets) s.close();
  await disconnectDb();
});

/** A visitor whose widget speaks `lang` asks for a person, an agent joins, then closes: the three system lines. */
async function linesFor(lang: "en" | "zh-CN", question: string) {
  const { socket } = await connectVisitor({ key: t.bot.publicKey, lang });
  sockets.push(socket);
  const lines: WireMessage[] = [];
  socket.on("message", (m: WireMessage) => m.role === "system" && lines.push(m));
  const agentLines: (WireMessage & { systemKey?: string; systemArgs?: Record<string, string> })[] = [];
  const onAgent = (m: WireMessage & { systemKey?: string }) => m.role === "system" && agentLines.push(m);
  agent.on("message", onAgent);
  const waiting = waitFor(socket, "status", (s: { status: string }) => s.status === "waiting", 60_000);
  const ack = await emitAck(socket, "message", { clientId: crypto.randomUUID(), text: question });
  await waiting;
  const id = ack.conversationId as string;
  assert.equal((await emitAck(agent, "takeover", { conversationId: id })).ok, true);
  const closed = waitFor(socket, "status", (s: { status: string }) => s.status === "closed");
  assert.equal((await emitAck(agent, "close", { conversationId: id })).ok, true);
  await closed;
  await new Promise((r) => setTimeout(r, 200));
  agent.off("message", onAgent);
  return { id, lines: lines.map((m) => m.text), agentLines: agentLines.filter((m) => m.conversationId === id) };
}

test("a Chinese visitor gets handoff, joined and closed lines in Chinese only, even after an English question", async () => {
  const { lines, agentLines } = await linesFor("zh-CN", "I want to talk to a human");
  assert.equal(lines.length, 3, lines.join(" | "));
  assert.equal(lines[0], "您要求转接人工，客服马上为您服务。");
  assert.equal(lines[2], "会话已结束。");
  for (const line of lines) {
    assert.match(line, HAN, line);
    // the agent's name is data, not UI text: strip it before looking for English words
    assert.doesNotMatch(line.replace(t.admin.name, ""), LATIN_WORD, line);
  }
  assert.deepEqual(
    agentLines.map((m) => m.systemKey),
    ["visitor_asked", "joined", "closed"],
  );
  assert.deepEqual(agentLines[1].systemArgs, { name: t.admin.name });
});

test("an English visitor gets the same lines in English only, even after a Chinese question", async () => {
  const { id, lines } = await linesFor("en", "我要找人工");
  assert.deepEqual(lines, [
    "You asked for a person: an agent will join you shortly.",
    `${t.admin.name} joined the conversation.`,
    "The conversation was closed.",
  ]);
  for (const line of lines) assert.doesNotMatch(line, HAN, line);
  // stored as the visitor read it, with the key for the inbox
  const stored = await db().message.findMany({
    where: { conversationId: id, role: "system" },
    orderBy: { seq: "asc" },
    select: { text: true, systemKey: true },
  });
  assert.deepEqual(
    stored.map((m) => m.systemKey),
    ["visitor_asked", "joined", "closed"],
  );
  assert.deepEqual(
    stored.map((m) => m.text),
    lines,
  );
});

test("without a language from the widget, the line follows the visitor's own words", async () => {
  const { socket } = await connectVisitor({ key: t.bot.publicKey });
  sockets.push(socket);
  const line = waitFor<WireMessage>(socket, "message", (m) => m.role === "system", 60_000);
  await emitAck(socket, "message", { clientId: crypto.randomUUID(), text: "转人工" });
  assert.equal((await line).text, "您要求转接人工，客服马上为您服务。");
});

test("a language the widget cannot speak is refused at connect, naming the field", async () => {
  await assert.rejects(
    connectVisitor({ key: t.bot.publicKey, lang: "fr" }),
    (err: Error & { data?: { code?: string } }) => {
      assert.match(err.message, /lang must be "en" or "zh-CN"/);
      return true;
    },
  );
});

test("another tenant's agent never receives the line or its key", async () => {
  const eve = await connectAgent(await signInCookie(other.admin.email, other.admin.password));
  sockets.push(eve);
  const seen: unknown[] = [];
  eve.on("message", (m) => seen.push(m));
  const { socket } = await connectVisitor({ key: t.bot.publicKey, lang: "zh-CN" });
  sockets.push(socket);
  const line = waitFor<WireMessage>(socket, "message", (m) => m.role === "system", 60_000);
  await emitAck(socket, "message", { clientId: crypto.randomUUID(), text: "human" });
  const { conversationId } = await line;
  assert.deepEqual(await emitAck(eve, "close", { conversationId }), {
    ok: false,
    error: { code: "not_found", message: "No such conversation" },
  });
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(seen, []);
});

/** A visitor of `other` (nobody online there) asks for a person; answers the line, the ack and availability. */
async function nobodyOnline(lang: "en" | "zh-CN") {
  const { socket } = await connectVisitor({ key: other.bot.publicKey, lang });
  sockets.push(socket);
  const line = waitFor<WireMessage>(socket, "message", (m) => m.role === "system", 60_000);
  const ack = await emitAck(socket, "handoff:request", {});
  const { text, conversationId } = await line;
  const availability = await emitAck(socket, "availability", {});
  const stored = await db().message.findFirstOrThrow({
    where: { conversationId, role: "system" },
    select: { systemKey: true },
  });
  const conv = await db().conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: { status: true, handoffReason: true },
  });
  return { text, ack, availability, systemKey: stored.systemKey, conv };
}

test("with nobody online the handoff line says so and offers the form, in the visitor's language only", async () => {
  const en = await nobodyOnline("en");
  assert.equal(
    en.text,
    "No agent is online right now. Please leave your email and a message below, and we will get back to you.",
  );
  assert.doesNotMatch(en.text, /join you/);
  const zh = await nobodyOnline("zh-CN");
  assert.equal(zh.text, "当前没有客服在线，请在下方留下邮箱和留言，我们会尽快回复您。");
  assert.doesNotMatch(zh.text, LATIN_WORD);
  for (const r of [en, zh]) {
    // one story: the line, the button's answer and availability all offer the form; the conversation still waits
    assert.equal(r.systemKey, "no_agent");
    assert.equal(r.ack.leaveMessage, true, JSON.stringify(r.ack));
    assert.equal(r.availability.leaveMessage, true, JSON.stringify(r.availability));
    assert.deepEqual(r.conv, { status: "waiting", handoffReason: "visitor_asked" });
  }
});

test("an agent online in another workspace does not count: the line still says nobody is online", async () => {
  // the agent of tenant t is online (before); tenant other has nobody
  const r = await nobodyOnline("en");
  assert.equal(r.systemKey, "no_agent");
});
