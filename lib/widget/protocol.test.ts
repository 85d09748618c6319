import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAck, parseFrameToLoader, parseLoaderToFrame, parseMessage, parseSession } from "./protocol";

test("postMessage guards accept only the widget's own shapes", () => {
  assert.deepEqual(parseFrameToLoader({ kefu: 1, type: "close" }), { kefu: 1, type: "close" });
  assert.deepEqual(parseFrameToLoader({ kefu: 1, type: "unread", count: 3, extra: "x" }), { kefu: 1, type: "unread", count: 3 });
  assert.equal(parseFrameToLoader({ kefu: 1, type: "unread", count: -1 }), undefined);
  assert.equal(parseFrameToLoader({ kefu: 1, type: "unread", count: "3" }), undefined);
  assert.equal(parseFrameToLoader({ type: "close" }), undefined);
  assert.equal(parseFrameToLoader("close"), undefined);
  assert.equal(parseFrameToLoader(null), undefined);
  assert.deepEqual(parseLoaderToFrame({ kefu: 1, type: "visibility", open: true }), { kefu: 1, type: "visibility", open: true });
  assert.equal(parseLoaderToFrame({ kefu: 1, type: "visibility", open: "yes" }), undefined);
});

test("socket payloads are checked before they reach the state", () => {
  const m = { id: "m", seq: 2, conversationId: "c", role: "bot", text: "hi", createdAt: "2026-01-01T00:00:00.000Z", citations: [{ id: "e", title: "Shipping", score: 0.9 }, { bad: 1 }] };
  assert.deepEqual(parseMessage(m)?.citations, [{ title: "Shipping" }]);
  assert.equal(parseMessage({ ...m, role: "admin" }), undefined);
  assert.equal(parseMessage({ ...m, text: 5 }), undefined);
  const s = parseSession({ visitorToken: "t", conversationId: null, status: "weird", bot: { name: "B", greeting: "G" }, messages: [m, { junk: true }] });
  assert.equal(s?.status, "bot");
  assert.equal(s?.messages.length, 1);
});

test("acks: success needs id, seq and conversation; anything else is an error with a message", () => {
  assert.deepEqual(parseAck({ ok: true, id: "m", seq: 1, conversationId: "c" }), { ok: true, id: "m", seq: 1, conversationId: "c" });
  const tooLong = parseAck({ ok: false, error: { code: "too_long", message: "The message is longer than 4000 characters" } });
  assert.equal(tooLong.ok, false);
  assert.equal(!tooLong.ok && tooLong.error.code, "too_long");
  const junk = parseAck({ ok: true });
  assert.equal(junk.ok, false);
  assert.equal(!junk.ok && junk.error.message.length > 0, true);
});
