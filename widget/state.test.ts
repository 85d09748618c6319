import { test } from "node:test";
import assert from "node:assert/strict";
import * as chat from "./state";
import type { WireMessage, WireSession } from "./protocol";

const msg = (o: Partial<WireMessage> & { id: string; seq: number }): WireMessage => ({
  conversationId: "c1",
  role: "bot",
  text: `text ${o.id}`,
  createdAt: new Date(0).toISOString(),
  ...o,
});
const session = (o: Partial<WireSession> = {}): WireSession => ({
  visitorToken: "t",
  conversationId: "c1",
  status: "bot",
  bot: { name: "Bot", greeting: "Hi" },
  messages: [],
  ...o,
});
const texts = (s: chat.ChatState) => s.items.map((i) => i.text);

test("a message delivered twice is shown once and lastSeq follows the highest seq", () => {
  let s = chat.initialState();
  s = chat.applyMessage(s, msg({ id: "a", seq: 1 }));
  s = chat.applyMessage(s, msg({ id: "b", seq: 2 }));
  s = chat.applyMessage(s, msg({ id: "a", seq: 1 }));
  assert.deepEqual(texts(s), ["text a", "text b"]);
  assert.equal(s.conversationId, "c1");
  assert.equal(s.lastSeq, 2);
});

test("a message arriving after a later one of its conversation is put before it", () => {
  let s = chat.applyMessage(chat.initialState(), msg({ id: "c", seq: 3 }));
  s = chat.applyMessage(s, msg({ id: "a", seq: 1 }));
  s = chat.applyMessage(s, msg({ id: "b", seq: 2 }));
  assert.deepEqual(texts(s), ["text a", "text b", "text c"]);
  assert.equal(s.lastSeq, 3);
});

test("an optimistic send is replaced by its stored message, whichever of broadcast and ack comes first", () => {
  const stored = msg({ id: "m1", seq: 1, role: "visitor", text: "hello", clientId: "k1" });
  let a = chat.addPending(chat.initialState(), "k1", "hello");
  assert.equal(chat.pendingItems(a).length, 1);
  a = chat.applyMessage(a, stored);
  a = chat.ackOk(a, "k1", { id: "m1", seq: 1, conversationId: "c1" });
  let b = chat.addPending(chat.initialState(), "k1", "hello");
  b = chat.ackOk(b, "k1", { id: "m1", seq: 1, conversationId: "c1" });
  b = chat.applyMessage(b, stored);
  for (const s of [a, b]) {
    assert.equal(s.items.length, 1);
    assert.equal(s.items[0].id, "m1");
    assert.equal(s.items[0].state, "sent");
    assert.equal(chat.pendingItems(s).length, 0);
  }
});

test("a refused send leaves the list", () => {
  let s = chat.addPending(chat.initialState(), "k1", "x".repeat(4001));
  s = chat.removePending(s, "k1");
  assert.equal(s.items.length, 0);
});

test("deltas grow one bubble and the final message replaces its text; late deltas are ignored", () => {
  let s = chat.applyMessage(chat.initialState(), msg({ id: "q", seq: 1, role: "visitor" }));
  s = chat.applyDelta(s, { messageId: "r", delta: "Orders " });
  s = chat.applyDelta(s, { messageId: "r", delta: "ship " });
  assert.equal(s.items.length, 2);
  assert.equal(s.items[1].state, "streaming");
  assert.equal(s.items[1].text, "Orders ship ");
  s = chat.applyMessage(s, msg({ id: "r", seq: 2, text: "Orders ship fast.", citations: [{ title: "Shipping" }] }));
  s = chat.applyDelta(s, { messageId: "r", delta: "late" });
  assert.equal(s.items.length, 2);
  assert.equal(s.items[1].state, "sent");
  assert.equal(s.items[1].text, "Orders ship fast.");
  assert.deepEqual(s.items[1].citations, [{ title: "Shipping" }]);
});

test("an agent taking over drops the unfinished streamed bubble and later deltas", () => {
  let s = chat.applyDelta(chat.initialState(), { messageId: "r", delta: "Half an ans" });
  s = chat.applyStatus(s, "agent");
  s = chat.applyDelta(s, { messageId: "r", delta: "wer" });
  assert.equal(s.items.length, 0);
  assert.equal(s.status, "agent");
});

test("the bot is typing only after a stored visitor message it has not answered, and not forever", () => {
  let s = chat.addPending(chat.initialState(), "k1", "hi", 1000);
  assert.equal(chat.botTyping(s, 1000), false); // not stored yet
  s = chat.ackOk(s, "k1", { id: "m1", seq: 1, conversationId: "c1" });
  assert.equal(chat.botTyping(s, 2000), true);
  assert.equal(chat.botTyping(s, 1000 + 130_000), false);
  assert.equal(chat.botTyping(chat.applyStatus(s, "waiting"), 2000), false);
  s = chat.applyDelta(s, { messageId: "r", delta: "Hel" });
  assert.equal(chat.botTyping(s, 2000), false);
});

test("a session merges its messages and asks for a resync when the conversation changed under a lastSeq", () => {
  const s = chat.applyMessage(chat.initialState(), msg({ id: "a", seq: 1 }));
  const same = chat.applySession(s, session({ messages: [msg({ id: "a", seq: 1 }), msg({ id: "b", seq: 2 })] }), 1);
  assert.equal(same.resync, false);
  assert.deepEqual(texts(same.state), ["text a", "text b"]);
  assert.equal(same.state.bot?.name, "Bot");

  const other = chat.applySession(
    s,
    session({ conversationId: "c2", messages: [msg({ id: "x", seq: 5, conversationId: "c2" })] }),
    1,
  );
  assert.equal(other.resync, true);
  assert.equal(other.state.conversationId, "c2");
  assert.equal(other.state.lastSeq, 0); // the reconnect asks for all of c2
});

test("a conversation closed while away shows as closed, and the next message starts the new one", () => {
  let s = chat.applyMessage(chat.initialState(), msg({ id: "a", seq: 4 }));
  s = chat.applySession(s, session({ conversationId: null }), 4).state;
  assert.equal(s.status, "closed");
  s = chat.applyMessage(s, msg({ id: "n", seq: 1, conversationId: "c2", role: "visitor" }));
  assert.equal(s.status, "bot");
  assert.equal(s.conversationId, "c2");
  assert.equal(s.lastSeq, 1);
  assert.deepEqual(texts(s), ["text a", "text n"]); // the old conversation stays visible above
});

test("a conversation closed for inactivity: a visitor who comes back sees the line, and the next message starts a new one", () => {
  const notice = msg({ id: "x", seq: 5, role: "system", text: "closed for inactivity" });
  let s = chat.applySession(
    chat.initialState(),
    session({ conversationId: null, status: "bot", closedNotice: notice }),
    0,
  ).state;
  assert.deepEqual(texts(s), ["closed for inactivity"]);
  assert.deepEqual([s.conversationId, s.lastSeq, s.status], [null, 0, "bot"], "the closed conversation is not resumed");
  s = chat.applySession(s, session({ conversationId: null, status: "bot", closedNotice: notice }), 0).state;
  assert.deepEqual(texts(s), ["closed for inactivity"], "shown once");
  s = chat.applyMessage(s, msg({ id: "n", seq: 1, conversationId: "c2", role: "visitor" }));
  assert.deepEqual([s.conversationId, s.status], ["c2", "bot"]);

  // closed while the tab was open but asleep: the line joins the old conversation, which shows as closed
  let away = chat.applyMessage(chat.initialState(), msg({ id: "a", seq: 4 }));
  away = chat.applySession(away, session({ conversationId: null, closedNotice: notice }), 4).state;
  assert.deepEqual([away.status, texts(away)], ["closed", ["text a", "closed for inactivity"]]);
});
