import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { signVisitorToken } from "../lib/auth/tokens";
import { messagesAfter } from "../lib/conversations";
import { db, disconnectDb } from "../lib/db/client";
import { makeTenant } from "./helpers/fixtures";
import { connectVisitor, emitAck, waitFor, type WireMessage } from "./helpers/sockets";

let t: Awaited<ReturnType<typeof makeTenant>>;
before(async () => {
  t = await makeTenant("visitor");
});
after(() => disconnectDb());

const uuid = () => crypto.randomUUID();

describe("visitor handshake", () => {
  test("a wrong or missing bot key is refused with a clear error", async () => {
    await assert.rejects(
      connectVisitor({ key: "pk_nope" }),
      (err: any) => err.data?.code === "unknown_key" && /does not belong/.test(err.data.message),
    );
    await assert.rejects(connectVisitor({} as any), (err: any) => err.data?.code === "bad_request");
  });

  test("a forged visitor token is refused, an expired one says so", async () => {
    const { socket, session } = await connectVisitor({ key: t.bot.publicKey });
    socket.close();
    const [body, sig] = session.visitorToken.split(".");
    const claims = JSON.parse(Buffer.from(body, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, v: "someone-else" })).toString("base64url") + "." + sig;
    await assert.rejects(
      connectVisitor({ key: t.bot.publicKey, token: forged }),
      (err: any) => err.data?.code === "invalid_token",
    );
    const expired = signVisitorToken({ v: claims.v, t: claims.t, b: claims.b }, -1);
    await assert.rejects(
      connectVisitor({ key: t.bot.publicKey, token: expired }),
      (err: any) => err.data?.code === "expired_token",
    );
  });

  test("a token of another tenant's bot does not open a session on this bot", async () => {
    const other = await makeTenant("other");
    const { socket, session } = await connectVisitor({ key: other.bot.publicKey });
    socket.close();
    await assert.rejects(
      connectVisitor({ key: t.bot.publicKey, token: session.visitorToken }),
      (err: any) => err.data?.code === "invalid_token",
    );
  });
});

describe("visitor messages", () => {
  test("the ack comes after the message is stored, with its id and sequence number", async () => {
    const { socket } = await connectVisitor({ key: t.bot.publicKey });
    const ack = await emitAck(socket, "message", { clientId: uuid(), text: "Where is the warehouse?" });
    assert.equal(ack.ok, true);
    assert.equal(ack.seq, 1);
    const stored = await messagesAfter(t.tenant.id, ack.conversationId, 0);
    assert.equal(stored[0].id, ack.id);
    assert.equal(stored[0].text, "Where is the warehouse?");
    socket.close();
  });

  test("the same clientId twice stores one message", async () => {
    const { socket } = await connectVisitor({ key: t.bot.publicKey });
    const clientId = uuid();
    const [a, b] = await Promise.all([
      emitAck(socket, "message", { clientId, text: "hello twice" }),
      emitAck(socket, "message", { clientId, text: "hello twice" }),
    ]);
    const c = await emitAck(socket, "message", { clientId, text: "hello twice" });
    assert.equal(a.id, b.id);
    assert.equal(a.id, c.id);
    const count = await db().message.count({ where: { conversationId: a.conversationId, clientId } });
    assert.equal(count, 1);
    socket.close();
  });

  test("bad input is refused with a code and a message, and the connection keeps serving", async () => {
    const { socket } = await connectVisitor({ key: t.bot.publicKey });
    const long = await emitAck(socket, "message", { clientId: uuid(), text: "x".repeat(4001) });
    assert.deepEqual(long, {
      ok: false,
      error: { code: "too_long", message: "The message is longer than 4000 characters" },
    });
    const empty = await emitAck(socket, "message", { clientId: uuid(), text: "   " });
    assert.equal(empty.error.code, "empty");
    const notText = await emitAck(socket, "message", { clientId: uuid(), text: { html: true } });
    assert.equal(notText.error.code, "bad_request");
    const noClientId = await emitAck(socket, "message", { text: "hi" });
    assert.equal(noClientId.error.code, "bad_request");
    assert.match(noClientId.error.message, /clientId/);
    const ok = await emitAck(socket, "message", { clientId: uuid(), text: "still here?" });
    assert.equal(ok.ok, true);
    const stored = await messagesAfter(t.tenant.id, ok.conversationId, 0);
    assert.ok(
      stored.every((m) => m.text !== "   " && m.text.length <= 4000),
      "nothing invalid was stored",
    );
    socket.close();
  });

  test("the bot's answer streams as deltas, then arrives whole as a message citing the matching entry", async () => {
    const { socket } = await connectVisitor({ key: t.bot.publicKey });
    const deltas: string[] = [];
    let messageId = "";
    socket.on("bot:delta", (d: { messageId: string; delta: string }) => {
      messageId ||= d.messageId;
      deltas.push(d.delta);
    });
    const final = waitFor<WireMessage & { citations?: { id: string }[] }>(
      socket,
      "message",
      (m) => m.role === "bot",
      30_000,
    );
    await emitAck(socket, "message", { clientId: uuid(), text: t.entry.title });
    const answer = await final;
    assert.ok(deltas.length >= 2, `streamed in ${deltas.length} deltas`);
    assert.equal(answer.id, messageId);
    assert.equal(answer.text, deltas.join("").trim());
    assert.deepEqual(answer.citations?.map((c) => c.id)[0], t.entry.id);
    socket.close();
  });

  test("reconnecting with lastSeq replays exactly the missed messages, in order", async () => {
    const first = await connectVisitor({ key: t.bot.publicKey });
    const texts = ["one", "two", "three", "four"];
    let conversationId = "";
    for (const text of texts)
      conversationId = (await emitAck(first.socket, "message", { clientId: uuid(), text })).conversationId;
    first.socket.close();
    // wait for bot answers to settle so the sequence is stable
    await new Promise((r) => setTimeout(r, 1500));
    const all = await messagesAfter(t.tenant.id, conversationId, 0);
    const cut = all[1].seq;
    const again = await connectVisitor({ key: t.bot.publicKey, token: first.session.visitorToken, lastSeq: cut });
    assert.equal(again.session.conversationId, conversationId);
    assert.deepEqual(
      again.session.messages.map((m) => m.seq),
      all.filter((m) => m.seq > cut).map((m) => m.seq),
    );
    assert.deepEqual(
      again.session.messages.map((m) => m.id),
      all.filter((m) => m.seq > cut).map((m) => m.id),
    );
    again.socket.close();
  });
});
