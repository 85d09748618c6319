// The widget's requests on the /visitor socket (identify, typing, pre-chat, rating, leave a message, availability),
// the allowed-origins rule, and the widget's HTTP endpoints — each with another tenant trying to get in.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { io, type Socket } from "socket.io-client";
import { setStatus } from "../lib/conversations";
import { db, disconnectDb } from "../lib/db/client";
import { getWidgetSecret, signUserId } from "../lib/tenants/widget-secret";
import { makeTenant } from "./helpers/fixtures";
import { testEnv } from "./helpers/env";
import { signInCookie } from "./helpers/session";
import { connectAgent, emitAck, waitFor, type Session } from "./helpers/sockets";

type T = Awaited<ReturnType<typeof makeTenant>>;
let a: T;
let b: T;
let agentA: Socket;
let agentB: Socket;
before(async () => {
  [a, b] = await Promise.all([makeTenant("wa"), makeTenant("wb")]);
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

const uuid = () => crypto.randomUUID();

/** A visitor client; `headers` lets a test play a browser page of some origin. */
function visitor(
  auth: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{
  socket: Socket;
  session: Session & { visitor?: { name: string | null; email: string | null; identified: boolean } };
}> {
  const socket = io(`${testEnv.url}/visitor`, {
    auth,
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: headers,
  });
  return new Promise((resolve, reject) => {
    socket.once("session", (session) => resolve({ socket, session }));
    socket.once(
      "connect_error",
      (err: Error & { data?: unknown }) => (socket.close(), reject(Object.assign(err, { data: err.data }))),
    );
  });
}
const claims = (token: string) => JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString()) as { v: string };

/** Opens a conversation that waits for an agent ("human" hands off without a bot answer, after the ack). */
async function askForHuman(socket: Socket): Promise<string> {
  const waiting = waitFor(socket, "status", (p: { status: string }) => p.status === "waiting");
  const ack = await emitAck(socket, "message", { clientId: uuid(), text: "human" });
  await waiting;
  return ack.conversationId;
}

/** A conversation the visitor opened and an agent closed. */
async function closedConversation(t: T, socket: Socket) {
  const conversationId = await askForHuman(socket);
  await setStatus(t.tenant.id, conversationId, "closed");
  return conversationId;
}

describe("identify", () => {
  test("a good signature makes one visitor on every device, with what they did before signing in", async () => {
    const userId = `user-${uuid()}`;
    const signature = signUserId(await getWidgetSecret(a.tenant.id), userId);
    const phone = await visitor({ key: a.bot.publicKey });
    const asked = await emitAck(phone.socket, "message", { clientId: uuid(), text: "human" });
    const res = await emitAck(phone.socket, "identify", { userId, signature, name: "Li Lei", email: "li@example.cn" });
    assert.equal(res.ok, true);
    assert.equal(res.changed, true);
    phone.socket.close();

    const laptop = await visitor({ key: a.bot.publicKey });
    const res2 = await emitAck(laptop.socket, "identify", { userId, signature });
    assert.equal(claims(res2.visitorToken).v, claims(res.visitorToken).v, "the same person is the same visitor");
    laptop.socket.close();
    const again = await visitor({ key: a.bot.publicKey, token: res2.visitorToken });
    assert.equal(again.session.conversationId, asked.conversationId, "the phone's conversation is there on the laptop");
    assert.ok(again.session.messages.some((m) => m.text === "human"));
    assert.deepEqual(again.session.visitor, { name: "Li Lei", email: "li@example.cn", identified: true });
    again.socket.close();
    const row = await db().visitor.findFirstOrThrow({ where: { id: claims(res.visitorToken).v } });
    assert.equal(row.externalId, userId);
    assert.equal(row.tenantId, a.tenant.id);
  });

  test("an unsigned or badly signed identity is refused and nothing is merged", async () => {
    const userId = `user-${uuid()}`;
    const anon = await visitor({ key: a.bot.publicKey });
    const { conversationId } = await emitAck(anon.socket, "message", { clientId: uuid(), text: "human" });
    const unsigned = await emitAck(anon.socket, "identify", { userId });
    assert.equal(unsigned.error.code, "bad_request");
    assert.match(unsigned.error.message, /signature/);
    const wrong = await emitAck(anon.socket, "identify", { userId, signature: signUserId("not-the-secret", userId) });
    assert.equal(wrong.error.code, "forbidden");
    assert.match(wrong.error.message, /signature is wrong/);
    // signed with the other tenant's secret: still wrong here
    const foreign = await emitAck(anon.socket, "identify", {
      userId,
      signature: signUserId(await getWidgetSecret(b.tenant.id), userId),
    });
    assert.equal(foreign.error.code, "forbidden");
    anon.socket.close();
    assert.equal(await db().visitor.count({ where: { externalId: userId } }), 0);
    const conv = await db().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    assert.equal(
      conv.visitorId,
      claims(anon.session.visitorToken).v,
      "the conversation stayed with the anonymous visitor",
    );
  });

  test("tenants' secrets differ, and an identified token of tenant A does not open tenant B's widget", async () => {
    assert.notEqual(await getWidgetSecret(a.tenant.id), await getWidgetSecret(b.tenant.id));
    assert.equal(await getWidgetSecret(a.tenant.id), await getWidgetSecret(a.tenant.id), "made once");
    const userId = `user-${uuid()}`;
    const v = await visitor({ key: a.bot.publicKey });
    const res = await emitAck(v.socket, "identify", {
      userId,
      signature: signUserId(await getWidgetSecret(a.tenant.id), userId),
    });
    v.socket.close();
    await assert.rejects(
      visitor({ key: b.bot.publicKey, token: res.visitorToken }),
      (err: any) => err.data?.code === "invalid_token",
    );
  });
});

describe("rating", () => {
  test("the visitor rates their closed conversation once; it is stored and agents of that tenant hear of it", async () => {
    const v = await visitor({ key: a.bot.publicKey });
    const conversationId = await closedConversation(a, v.socket);
    const heardA = waitFor(agentA, "conversation:rated", (p: any) => p.conversationId === conversationId);
    let heardB = false;
    agentB.on("conversation:rated", () => (heardB = true));
    assert.deepEqual(await emitAck(v.socket, "rate", { conversationId, rating: 4, comment: "Quick and kind" }), {
      ok: true,
      rating: 4,
    });
    assert.equal((await heardA).rating, 4);
    const again = await emitAck(v.socket, "rate", { conversationId, rating: 1 });
    assert.equal(again.error.code, "conflict");
    const bad = await emitAck(v.socket, "rate", { conversationId, rating: 6 });
    assert.equal(bad.error.code, "bad_request");
    const row = await db().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    assert.deepEqual([row.rating, row.ratingComment], [4, "Quick and kind"]);
    v.socket.close();
    assert.equal(heardB, false, "tenant B's agent heard nothing");
  });

  test("an open conversation cannot be rated yet", async () => {
    const v = await visitor({ key: a.bot.publicKey });
    const { conversationId } = await emitAck(v.socket, "message", { clientId: uuid(), text: "human" });
    assert.equal((await emitAck(v.socket, "rate", { conversationId, rating: 5 })).error.code, "conflict");
    v.socket.close();
  });

  test("a visitor of tenant B, or another visitor of tenant A, cannot rate tenant A's conversation", async () => {
    const owner = await visitor({ key: a.bot.publicKey });
    const conversationId = await closedConversation(a, owner.socket);
    const intruderB = await visitor({ key: b.bot.publicKey });
    const other = await visitor({ key: a.bot.publicKey });
    for (const s of [intruderB.socket, other.socket]) {
      const res = await emitAck(s, "rate", { conversationId, rating: 1 });
      assert.deepEqual(res, { ok: false, error: { code: "not_found", message: "No such conversation" } });
    }
    const row = await db().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    assert.equal(row.rating, null);
    for (const s of [owner.socket, intruderB.socket, other.socket]) s.close();
  });
});

describe("leave a message, pre-chat form, availability", () => {
  test("with no agent online a waiting conversation offers the form; the message is stored for this tenant only", async () => {
    const c = await makeTenant("wc"); // no agent of this tenant is connected
    const v = await visitor({ key: c.bot.publicKey });
    assert.equal((await emitAck(v.socket, "availability", {})).leaveMessage, false, "the bot is in charge: no form");
    await askForHuman(v.socket);
    assert.deepEqual(await emitAck(v.socket, "availability", {}), {
      ok: true,
      agentsOnline: false,
      leaveMessage: true,
    });
    const bad = await emitAck(v.socket, "leave_message", { email: "not an email", text: "Call me" });
    assert.equal(bad.error.code, "bad_request");
    assert.match(bad.error.message, /email/);
    const ok = await emitAck(v.socket, "leave_message", {
      name: "Han Meimei",
      email: "han@example.cn",
      text: "Please call me back",
    });
    assert.equal(ok.ok, true);
    const row = await db().offlineMessage.findUniqueOrThrow({ where: { id: ok.id } });
    assert.deepEqual(
      {
        tenantId: row.tenantId,
        botId: row.botId,
        visitorId: row.visitorId,
        name: row.name,
        email: row.email,
        text: row.text,
      },
      {
        tenantId: c.tenant.id,
        botId: c.bot.id,
        visitorId: claims(v.session.visitorToken).v,
        name: "Han Meimei",
        email: "han@example.cn",
        text: "Please call me back",
      },
    );
    v.socket.close();
    assert.equal(await db().offlineMessage.count({ where: { tenantId: a.tenant.id, id: ok.id } }), 0);
  });

  test("an agent online means no form (away does not count), and the agent hears of a left message", async () => {
    const v = await visitor({ key: a.bot.publicKey });
    await askForHuman(v.socket);
    assert.equal(
      (await emitAck(v.socket, "availability", {})).leaveMessage,
      true,
      "connected but without a presence: not online",
    );
    await emitAck(agentA, "presence:set", { status: "away" });
    assert.equal((await emitAck(v.socket, "availability", {})).leaveMessage, true, "away");
    await emitAck(agentA, "presence:set", { status: "online" });
    const res = await emitAck(v.socket, "availability", {});
    assert.equal(res.agentsOnline, true);
    assert.equal(res.leaveMessage, false);
    await emitAck(agentA, "presence:set", { status: "away" });
    const heard = waitFor(agentA, "offline_message", (p: any) => p.email === "later@example.cn");
    await emitAck(v.socket, "leave_message", { email: "later@example.cn", text: "Later then" });
    assert.equal((await heard).text, "Later then");
    v.socket.close();
  });

  test("the pre-chat form's name and email are stored on the visitor and come back in the session", async () => {
    const v = await visitor({ key: a.bot.publicKey });
    assert.equal((await emitAck(v.socket, "prechat", { name: "Wang", email: "nope" })).error.code, "bad_request");
    assert.deepEqual(await emitAck(v.socket, "prechat", { name: "Wang Fang", email: "wang@example.cn" }), {
      ok: true,
      name: "Wang Fang",
      email: "wang@example.cn",
    });
    v.socket.close();
    const back = await visitor(
      { key: a.bot.publicKey, token: v.session.visitorToken, page: "https://shop.example/cart?token=secret#x" },
      { "user-agent": "KefuTest/1.0" },
    );
    assert.deepEqual(back.session.visitor, { name: "Wang Fang", email: "wang@example.cn", identified: false });
    back.socket.close();
    const row = await db().visitor.findUniqueOrThrow({ where: { id: claims(v.session.visitorToken).v } });
    assert.equal(row.lastPage, "https://shop.example/cart", "the query string and fragment are not kept");
    assert.equal(row.userAgent, "KefuTest/1.0");
    assert.ok(row.lastSeenAt && Date.now() - row.lastSeenAt.getTime() < 60_000);
  });
});

describe("typing", () => {
  test("the visitor's typing reaches their tenant's agents, thinned out, and never another tenant's", async () => {
    const v = await visitor({ key: a.bot.publicKey });
    const { conversationId } = await emitAck(v.socket, "message", { clientId: uuid(), text: "human" });
    const got: { conversationId: string; on: boolean }[] = [];
    const onA = (p: { conversationId: string; on: boolean }) => p.conversationId === conversationId && got.push(p);
    agentA.on("visitor:typing", onA);
    let heardB = 0;
    const onB = () => heardB++;
    agentB.on("visitor:typing", onB);
    for (let i = 0; i < 10; i++) v.socket.emit("typing", { on: true });
    v.socket.emit("typing", { on: false });
    v.socket.emit("typing", { on: false });
    v.socket.emit("typing", { on: "yes" });
    await waitFor(agentA, "visitor:typing", (p: any) => p.conversationId === conversationId && p.on === false);
    await new Promise((r) => setTimeout(r, 300));
    agentA.off("visitor:typing", onA);
    agentB.off("visitor:typing", onB);
    assert.deepEqual(got, [
      { conversationId, on: true },
      { conversationId, on: false },
    ]);
    // typing again soon after a stop (within the 2 s of thinning) is news: it reaches the agents at once
    const again = waitFor(agentA, "visitor:typing", (p: any) => p.conversationId === conversationId && p.on === true);
    v.socket.emit("typing", { on: true });
    await again;
    // an on/off flood is held back
    let flood = 0;
    const count = (p: { conversationId: string }) => p.conversationId === conversationId && flood++;
    agentA.on("visitor:typing", count);
    for (let i = 0; i < 20; i++) v.socket.emit("typing", { on: i % 2 === 1 });
    await new Promise((r) => setTimeout(r, 400));
    agentA.off("visitor:typing", count);
    assert.ok(flood <= 3, `${flood} typing events from a 20-event flood`);
    assert.equal(heardB, 0);
    v.socket.close();
  });
});

describe("allowed origins", () => {
  let key = "";
  before(async () => {
    const bot = await db().bot.update({
      where: { id: b.bot.id },
      data: { allowedOrigins: ["https://shop.example"] },
      select: { publicKey: true },
    });
    key = bot.publicKey;
  });

  test("the socket opens only for the allowed page origin", async () => {
    await assert.rejects(
      visitor({ key }),
      (err: any) => err.data?.code === "origin_not_allowed" && /allowed origins/.test(err.data.message),
    );
    await assert.rejects(
      visitor({ key, origin: "https://evil.example" }),
      (err: any) => err.data?.code === "origin_not_allowed",
    );
    // a page on another origin that claims the allowed one is given away by its browser's Origin header
    await assert.rejects(
      visitor({ key, origin: "https://shop.example" }, { origin: "https://evil.example" }),
      (err: any) => err.data?.code === "origin_not_allowed",
    );
    const ok = await visitor({ key, origin: "https://shop.example" }, { origin: testEnv.url });
    assert.ok(ok.session.visitorToken);
    ok.socket.close();
  });

  test("the config endpoint answers the allowed origin with public fields only, and refuses others", async () => {
    const url = `${testEnv.url}/api/widget/config?key=${key}`;
    const good = await fetch(url, { headers: { origin: "https://shop.example" } });
    assert.equal(good.status, 200);
    assert.equal(good.headers.get("access-control-allow-origin"), "https://shop.example");
    const { config } = await good.json();
    assert.deepEqual(Object.keys(config).sort(), [
      "avatarUrl",
      "color",
      "greeting",
      "language",
      "name",
      "position",
      "preChatForm",
    ]);
    const evil = await fetch(url, { headers: { origin: "https://evil.example" } });
    assert.equal(evil.status, 403);
    assert.equal((await evil.json()).error.code, "origin_not_allowed");
    const unknown = await fetch(`${testEnv.url}/api/widget/config?key=pk_nope`, {
      headers: { origin: "https://shop.example" },
    });
    assert.equal(unknown.status, 404);
  });

  test("the frame page may only be framed by the allowed origins", async () => {
    const res = await fetch(`${testEnv.url}/widget/frame?key=${key}`);
    assert.equal(res.status, 200);
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /frame-ancestors 'self' https:\/\/shop\.example(;|$)/);
    assert.match(csp, /img-src data:(;|$)/, "no remote images");
    const html = await res.text();
    assert.ok(!html.includes(b.bot.instructions || "Answer briefly."), "the bot's instructions are not in the page");
    const open = await fetch(`${testEnv.url}/widget/frame?key=${a.bot.publicKey}`);
    assert.match(open.headers.get("content-security-policy") ?? "", /frame-ancestors \*/);
  });
});
