// Hand back to the bot (`release` on /agent): the agent who took over gives the conversation back, the visitor is
// told, the bot answers the next message again, the agent's slot frees — and another tenant's agent can do none
// of it and hears nothing.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import type { Socket } from "socket.io-client";
import { db, disconnectDb } from "../lib/db/client";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectAgent, connectVisitor, emitAck, waitFor, type WireMessage } from "./helpers/sockets";

type Fixture = Awaited<ReturnType<typeof makeTenant>>;
let a: Fixture;
let b: Fixture;
let ann: Socket;
let eve: Socket; // tenant B
const seenByEve: unknown[] = [];
const sockets: Socket[] = [];
const uuid = () => crypto.randomUUID();

before(async () => {
  [a, b] = await Promise.all([makeTenant("hb-a"), makeTenant("hb-b")]);
  await db().tenant.updateMany({ where: { id: { in: [a.tenant.id, b.tenant.id] } }, data: { routingMode: "queue" } });
  [ann, eve] = await Promise.all([
    connectAgent(await signInCookie(a.admin.email, a.admin.password)),
    connectAgent(await signInCookie(b.admin.email, b.admin.password)),
  ]);
  sockets.push(ann, eve);
  eve.onAny((event, payload) => seenByEve.push({ event, payload }));
});
after(async () => {
  for (const s of sockets) s.close();
  await disconnectDb();
});

test("an agent hands the conversation back: the visitor is told, the bot answers again, the assignee is cleared", async () => {
  const { socket: visitor } = await connectVisitor({ key: a.bot.publicKey });
  sockets.push(visitor);
  const waiting = waitFor(visitor, "status", (s: { status: string }) => s.status === "waiting", 60_000);
  const first = await emitAck(visitor, "message", { clientId: uuid(), text: "human" });
  await waiting;
  const id = first.conversationId as string;
  assert.deepEqual(await emitAck(ann, "takeover", { conversationId: id }), { ok: true, status: "agent" });
  assert.equal((await db().conversation.findUniqueOrThrow({ where: { id } })).assigneeId, a.admin.id);

  // tenant B cannot hand it back
  assert.deepEqual(await emitAck(eve, "release", { conversationId: id }), {
    ok: false,
    error: { code: "not_found", message: "No such conversation" },
  });
  assert.equal((await db().conversation.findUniqueOrThrow({ where: { id } })).status, "agent");

  const toBot = waitFor(visitor, "status", (s: { status: string }) => s.status === "bot");
  const annHears = waitFor(
    ann,
    "status",
    (s: { conversationId: string; status: string }) => s.conversationId === id && s.status === "bot",
  );
  assert.deepEqual(await emitAck(ann, "release", { conversationId: id }), { ok: true, status: "bot" });
  await Promise.all([toBot, annHears]);
  const row = await db().conversation.findUniqueOrThrow({ where: { id } });
  assert.deepEqual([row.status, row.assigneeId], ["bot", null]);

  // the bot is in charge again: the next question gets a bot answer (streamed or not, it arrives stored)
  const answer = waitFor<WireMessage>(visitor, "message", (m) => m.role === "bot" && m.conversationId === id, 120_000);
  await emitAck(visitor, "message", { clientId: uuid(), text: "How long does shipping take?" });
  assert.ok((await answer).text.trim().length > 0);

  // a closed conversation cannot be handed back
  await emitAck(ann, "close", { conversationId: id });
  const closed = await emitAck(ann, "release", { conversationId: id });
  assert.equal(closed.error.code, "closed");
  assert.match(closed.error.message, /closed/);
  const bad = await emitAck(ann, "release", {});
  assert.equal(bad.error.code, "bad_request");

  assert.ok(!JSON.stringify(seenByEve).includes(id), "tenant B heard of tenant A's conversation");
});
