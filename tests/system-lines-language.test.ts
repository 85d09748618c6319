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
  assert.deepEqual(agentLines.map((m) => m.systemKey), ["visitor_asked", "joined", "closed"]);
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
  const stored = await db().message.findMany({ where: { conversationId: id, role: "system" }, orderBy: { seq: "asc" }, select: { text: true, systemKey: true } });
  assert.deepEqual(stored.map((m) => m.systemKey), ["visitor_asked", "joined", "closed"]);
  assert.deepEqual(stored.map((m) => m.text), lines);
});

test("without a language from the widget, the line follows the visitor's own words", async () => {
  const { socket } = await connectVisitor({ key: t.bot.publicKey });
  sockets.push(socket);
  const line = waitFor<WireMessage>(socket, "message", (m) => m.role === "system", 60_000);
  await emitAck(socket, "message", { clientId: crypto.randomUUID(), text: "转人工" });
  assert.equal((await line).text, "您要求转接人工，客服马上为您服务。");
});

test("a language the widget cannot speak is refused at connect, naming the field", async () => {
  await assert.rejects(connectVisitor({ key: t.bot.publicKey, lang: "fr" }), (err: Error & { data?: { code?: string } }) => {
    assert.match(err.message, /lang must be "en" or "zh-CN"/);
    return true;
  });
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
  assert.deepEqual(await emitAck(eve, "close", { conversationId }), { ok: false, error: { code: "not_found", message: "No such conversation" } });
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(seen, []);
});
