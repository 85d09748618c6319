// An identified person's past conversations on the /visitor socket (`history`): only with a signed identity that
// names the socket's own visitor, never for an anonymous one, never a note, never across tenants.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import type { Socket } from "socket.io-client";
import { disconnectDb } from "../lib/db/client";
import { getWidgetSecret, signUserId } from "../lib/tenants/widget-secret";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectAgent, connectVisitor, emitAck, waitFor, type WireMessage } from "./helpers/sockets";

type T = Awaited<ReturnType<typeof makeTenant>>;
let a: T;
let b: T;
let agentA: Socket;
const sockets: Socket[] = [];
before(async () => {
  [a, b] = await Promise.all([makeTenant("ha"), makeTenant("hb")]);
  agentA = await connectAgent(await signInCookie(a.admin.email, a.admin.password));
  sockets.push(agentA);
});
after(async () => {
  for (const s of sockets) s.close();
  await disconnectDb();
});

const uuid = () => crypto.randomUUID();
type History = {
  ok: boolean;
  conversations: { id: string; closedAt: string | null; messages: WireMessage[] }[];
  error?: { code: string; message: string };
};

/** A device of the signed-in user: identify, then reconnect as the identified visitor (what the widget does). */
async function device(t: T, userId: string, signature: string) {
  const anon = await connectVisitor({ key: t.bot.publicKey });
  const res = await emitAck(anon.socket, "identify", { userId, signature });
  assert.equal(res.ok, true, JSON.stringify(res));
  anon.socket.close();
  const v = await connectVisitor({ key: t.bot.publicKey, token: res.visitorToken });
  sockets.push(v.socket);
  return v;
}

test("the identified person's closed conversations come to their other device, in order, without notes", async () => {
  const marker = crypto.randomBytes(4).toString("hex");
  const userId = `user-${uuid()}`;
  const signature = signUserId(await getWidgetSecret(a.tenant.id), userId);

  // the phone: one conversation, an agent's note and reply, closed by the agent
  const phone = await device(a, userId, signature);
  const waiting = waitFor(phone.socket, "status", (p: { status: string }) => p.status === "waiting");
  const first = await emitAck(phone.socket, "message", { clientId: uuid(), text: `My parcel ${marker} is late` });
  await emitAck(phone.socket, "message", { clientId: uuid(), text: "human" });
  await waiting;
  await emitAck(agentA, "takeover", { conversationId: first.conversationId });
  await emitAck(agentA, "note", {
    conversationId: first.conversationId,
    clientId: uuid(),
    text: `secret note ${marker}`,
  });
  await emitAck(agentA, "reply", {
    conversationId: first.conversationId,
    clientId: uuid(),
    text: `It leaves today ${marker}`,
  });
  assert.equal((await emitAck(agentA, "close", { conversationId: first.conversationId })).status, "closed");

  // the laptop: no open conversation, but the history has the phone's one
  const laptop = await device(a, userId, signature);
  assert.equal(laptop.session.conversationId, null);
  const h: History = await emitAck(laptop.socket, "history", { userId, signature });
  assert.equal(h.ok, true);
  assert.deepEqual(
    h.conversations.map((c) => c.id),
    [first.conversationId],
  );
  const texts = h.conversations[0].messages.map((m) => m.text);
  assert.equal(texts[0], `My parcel ${marker} is late`);
  assert.ok(texts.includes(`It leaves today ${marker}`));
  assert.ok(!JSON.stringify(h).includes("secret note"), "a note reached the visitor's history");
  const seqs = h.conversations[0].messages.map((m) => m.seq);
  assert.deepEqual(
    seqs,
    [...seqs].sort((x, y) => x - y),
  );
  assert.ok(h.conversations[0].closedAt);

  // a second conversation, closed too: both, oldest first
  const second = await emitAck(laptop.socket, "message", { clientId: uuid(), text: `Another question ${marker}` });
  await emitAck(agentA, "close", { conversationId: second.conversationId });
  const h2: History = await emitAck(phone.socket, "history", { userId, signature });
  assert.deepEqual(
    h2.conversations.map((c) => c.id),
    [first.conversationId, second.conversationId],
  );

  // another signed-in user of the same tenant sees none of it
  const other = `user-${uuid()}`;
  const otherSig = signUserId(await getWidgetSecret(a.tenant.id), other);
  const stranger = await device(a, other, otherSig);
  assert.deepEqual(
    (await emitAck(stranger.socket, "history", { userId: other, signature: otherSig })).conversations,
    [],
  );
});

test("anonymous visitors, wrong signatures, another user's signature and other tenants get no history", async () => {
  const userId = `user-${uuid()}`;
  const signature = signUserId(await getWidgetSecret(a.tenant.id), userId);
  const owner = await device(a, userId, signature);
  const c = await emitAck(owner.socket, "message", { clientId: uuid(), text: "private words" });
  await emitAck(agentA, "close", { conversationId: c.conversationId });

  // an anonymous visitor (e.g. the next one after Kefu.reset) holding a valid signature of the user: refused
  const anon = await connectVisitor({ key: a.bot.publicKey });
  sockets.push(anon.socket);
  const asAnon: History = await emitAck(anon.socket, "history", { userId, signature });
  assert.equal(asAnon.error?.code, "conflict");
  assert.match(asAnon.error!.message, /not signed in as that user/);
  assert.equal((await emitAck(anon.socket, "history", {})).error.code, "bad_request");

  // the user's own device with a forged signature: refused
  const forged: History = await emitAck(owner.socket, "history", { userId, signature: signUserId("guess", userId) });
  assert.equal(forged.error?.code, "forbidden");

  // tenant B's widget: A's signature is wrong there, and the same user id signed by B is another person
  const inB = await connectVisitor({ key: b.bot.publicKey });
  sockets.push(inB.socket);
  assert.equal((await emitAck(inB.socket, "history", { userId, signature })).error.code, "forbidden");
  const bSig = signUserId(await getWidgetSecret(b.tenant.id), userId);
  const bDevice = await device(b, userId, bSig);
  const hb: History = await emitAck(bDevice.socket, "history", { userId, signature: bSig });
  assert.deepEqual(hb.conversations, []);
  assert.ok(!JSON.stringify(hb).includes("private words"));
});
