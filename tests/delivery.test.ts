import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import type { Socket } from "socket.io-client";
import { messagesAfter } from "../lib/conversations";
import { db, disconnectDb } from "../lib/db/client";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectAgent, connectVisitor, emitAck, type WireMessage } from "./helpers/sockets";

let t: Awaited<ReturnType<typeof makeTenant>>;
let agent: Socket;
const uuid = () => crypto.randomUUID();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  t = await makeTenant("delivery");
  agent = await connectAgent(await signInCookie(t.admin.email, t.admin.password));
});
after(async () => {
  agent?.close();
  await disconnectDb();
});

/** A visitor with a conversation held by the agent (no bot answers in between). */
async function visitorWithAgent() {
  const v = await connectVisitor({ key: t.bot.publicKey });
  const first = await emitAck(v.socket, "message", { clientId: uuid(), text: "human" });
  await sleep(300); // the handoff of "human" settles
  assert.equal((await emitAck(agent, "takeover", { conversationId: first.conversationId })).ok, true);
  return { ...v, conversationId: first.conversationId as string };
}

const seqsOf = (ms: { seq: number }[]) => ms.map((m) => m.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

test("a burst of 100 concurrent messages and their concurrent resends: each stored once, acks carry the stored id and seq, seq without gaps", async () => {
  const v = await visitorWithAgent();
  const sends = Array.from({ length: 100 }, (_, i) => ({ clientId: uuid(), text: `burst ${i}` }));
  const acks = await Promise.all(sends.map((s) => emitAck(v.socket, "message", s)));
  assert.ok(acks.every((a) => a.ok));
  const resent = await Promise.all(sends.map((s) => emitAck(v.socket, "message", s)));
  assert.deepEqual(
    resent.map((a) => [a.id, a.seq]),
    acks.map((a) => [a.id, a.seq]),
    "a resend answers the first message",
  );

  const stored = await messagesAfter(t.tenant.id, v.conversationId, 0);
  const conv = await db().conversation.findUniqueOrThrow({ where: { id: v.conversationId } });
  assert.deepEqual(seqsOf(stored), range(1, conv.lastSeq));
  for (const [i, s] of sends.entries()) {
    const rows = stored.filter((m) => m.clientId === s.clientId);
    assert.equal(rows.length, 1, "stored once");
    assert.equal(rows[0].id, acks[i].id);
    assert.equal(rows[0].seq, acks[i].seq);
    assert.equal(rows[0].text, s.text);
  }
  v.socket.close();
});

test("a visitor coming back with its last seq gets exactly what it missed, in order; so does an agent with afterSeq", async () => {
  const v = await visitorWithAgent();
  const other = await visitorWithAgent(); // traffic in another conversation must not leak into the replay
  const lastSeen = (await emitAck(v.socket, "message", { clientId: uuid(), text: "I'll be right back" })).seq as number;
  v.socket.close();
  for (let i = 0; i < 5; i++) {
    assert.equal(
      (await emitAck(agent, "reply", { conversationId: v.conversationId, clientId: uuid(), text: `while away ${i}` }))
        .ok,
      true,
    );
    await emitAck(other.socket, "message", { clientId: uuid(), text: `elsewhere ${i}` });
  }
  const back = await connectVisitor({ key: t.bot.publicKey, token: v.session.visitorToken, lastSeq: lastSeen });
  const conv = await db().conversation.findUniqueOrThrow({ where: { id: v.conversationId } });
  assert.deepEqual(seqsOf(back.session.messages), range(lastSeen + 1, conv.lastSeq), "no more, no less, in order");
  assert.deepEqual(
    back.session.messages.map((m) => m.text),
    [0, 1, 2, 3, 4].map((i) => `while away ${i}`),
  );

  // the agent is away while the visitor writes; on return it asks for what came after the last seq it saw
  const agentSaw = conv.lastSeq;
  const cookie = await signInCookie(t.admin.email, t.admin.password);
  agent.close();
  for (let i = 0; i < 4; i++) await emitAck(back.socket, "message", { clientId: uuid(), text: `agent away ${i}` });
  agent = await connectAgent(cookie);
  const opened = await emitAck(agent, "conversation:open", { conversationId: v.conversationId, afterSeq: agentSaw });
  assert.deepEqual(seqsOf(opened.messages), range(agentSaw + 1, agentSaw + 4));
  assert.deepEqual(
    opened.messages.map((m: WireMessage) => m.text),
    [0, 1, 2, 3].map((i) => `agent away ${i}`),
  );
  back.socket.close();
  other.socket.close();
});

test("a bot answer being streamed when the visitor's connection drops is there, complete, when they come back", async () => {
  await db().bot.update({ where: { id: t.bot.id }, data: { fastPath: false, maxTokens: 48 } });
  const v = await connectVisitor({ key: t.bot.publicKey });
  const seen: string[] = [];
  let messageId = "";
  const firstDelta = new Promise<void>((resolve) =>
    v.socket.on("bot:delta", (d: { messageId: string; delta: string }) => {
      messageId ||= d.messageId;
      seen.push(d.delta);
      resolve();
    }),
  );
  const ack = await emitAck(v.socket, "message", { clientId: uuid(), text: t.entry.title });
  await firstDelta;
  v.socket.close(); // the connection drops mid-answer
  const partial = seen.join("");

  // the answer is finished and stored server-side although nobody was listening
  let stored: WireMessage | undefined;
  for (let i = 0; i < 100 && !stored; i++) {
    stored = (await messagesAfter(t.tenant.id, ack.conversationId, ack.seq)).find((m) => m.id === messageId) as never;
    if (!stored) await sleep(100);
  }
  assert.ok(stored, "the answer was stored");
  const back = await connectVisitor({ key: t.bot.publicKey, token: v.session.visitorToken, lastSeq: ack.seq });
  const replayed = back.session.messages.find((m) => m.id === messageId);
  assert.ok(replayed, "the stored answer is replayed on reconnect");
  assert.equal(replayed.role, "bot");
  assert.ok(replayed.text.startsWith(partial.trim()), "what was streamed is the start of the answer");
  assert.ok(replayed.text.length >= partial.trim().length);
  back.socket.close();
});
