import { test } from "node:test";
import assert from "node:assert/strict";
import {
  parseAck,
  parseFrameConfig,
  parseFrameToLoader,
  parseHistory,
  parseIdentity,
  parseLoaderToFrame,
  parseMessage,
  parseSession,
  parseStatusEvent,
} from "./protocol";
import { pickLang, strings } from "./i18n";

test("postMessage guards accept only the widget's own shapes", () => {
  assert.deepEqual(parseFrameToLoader({ kefu: 1, type: "close" }), { kefu: 1, type: "close" });
  assert.deepEqual(parseFrameToLoader({ kefu: 1, type: "unread", count: 3, extra: "x" }), {
    kefu: 1,
    type: "unread",
    count: 3,
  });
  assert.equal(parseFrameToLoader({ kefu: 1, type: "unread", count: -1 }), undefined);
  assert.equal(parseFrameToLoader({ kefu: 1, type: "unread", count: "3" }), undefined);
  assert.equal(parseFrameToLoader({ type: "close" }), undefined);
  assert.equal(parseFrameToLoader("close"), undefined);
  assert.equal(parseFrameToLoader(null), undefined);
  assert.deepEqual(parseLoaderToFrame({ kefu: 1, type: "visibility", open: true }), {
    kefu: 1,
    type: "visibility",
    open: true,
  });
  assert.equal(parseLoaderToFrame({ kefu: 1, type: "visibility", open: "yes" }), undefined);
});

test("socket payloads are checked before they reach the state", () => {
  const m = {
    id: "m",
    seq: 2,
    conversationId: "c",
    role: "bot",
    text: "hi",
    createdAt: "2026-01-01T00:00:00.000Z",
    citations: [{ id: "e", title: "Shipping", score: 0.9 }, { bad: 1 }],
  };
  assert.deepEqual(parseMessage(m)?.citations, [{ title: "Shipping" }]);
  // a citation's source: an http(s) URL becomes a link, anything else that claims to be one is dropped
  const cite = (c: Record<string, unknown>) =>
    parseMessage({ ...m, citations: [{ title: "T", ...c }] })?.citations?.[0];
  assert.deepEqual(cite({ url: "https://shop.example/help?a=1" }), {
    title: "T",
    url: "https://shop.example/help?a=1",
  });
  assert.deepEqual(cite({ url: "javascript:alert(1)" }), { title: "T" });
  assert.deepEqual(cite({ url: "data:text/html,x" }), { title: "T" });
  assert.deepEqual(cite({ url: 5 }), { title: "T" });
  assert.deepEqual(cite({ document: "returns.pdf" }), { title: "T", document: "returns.pdf" });
  assert.equal(parseMessage({ ...m, role: "admin" }), undefined);
  assert.equal(parseMessage({ ...m, text: 5 }), undefined);
  const s = parseSession({
    visitorToken: "t",
    conversationId: null,
    status: "weird",
    bot: { name: "B", greeting: "G" },
    messages: [m, { junk: true }],
  });
  assert.equal(s?.status, "bot");
  assert.equal(s?.messages.length, 1);
  assert.equal(s?.leaveMessage, false);
  const afterHours = parseSession({
    visitorToken: "t",
    conversationId: "c",
    status: "waiting",
    leaveMessage: true,
    bot: { name: "B", greeting: "G" },
    messages: [],
  });
  assert.deepEqual([afterHours?.status, afterHours?.leaveMessage], ["waiting", true]);
  assert.equal(
    parseSession({ visitorToken: "t", status: "waiting", leaveMessage: "yes", bot: {}, messages: [] })?.leaveMessage,
    false,
  );
});

test("acks: success needs id, seq and conversation; anything else is an error with a message", () => {
  assert.deepEqual(parseAck({ ok: true, id: "m", seq: 1, conversationId: "c" }), {
    ok: true,
    id: "m",
    seq: 1,
    conversationId: "c",
  });
  const tooLong = parseAck({
    ok: false,
    error: { code: "too_long", message: "The message is longer than 4000 characters" },
  });
  assert.equal(tooLong.ok, false);
  assert.equal(!tooLong.ok && tooLong.error.code, "too_long");
  const junk = parseAck({ ok: true });
  assert.equal(junk.ok, false);
  assert.equal(!junk.ok && junk.error.message.length > 0, true);
});

test("the page API's messages: identify needs a user id and a signature, events and flags are typed", () => {
  const id = { kefu: 1, type: "identify", userId: "u1", signature: "ab", name: "Li", email: 5 };
  assert.deepEqual(parseLoaderToFrame(id), {
    kefu: 1,
    type: "identify",
    userId: "u1",
    signature: "ab",
    name: "Li",
    email: undefined,
  });
  assert.equal(parseLoaderToFrame({ kefu: 1, type: "identify", userId: "u1" }), undefined);
  assert.equal(parseIdentity({ userId: "", signature: "x" }), undefined);
  assert.deepEqual(parseLoaderToFrame({ kefu: 1, type: "reset", extra: 1 }), { kefu: 1, type: "reset" });
  assert.equal(parseLoaderToFrame({ kefu: 1, type: "page", url: "x".repeat(2001) }), undefined);
  assert.deepEqual(parseFrameToLoader({ kefu: 1, type: "active", on: true }), { kefu: 1, type: "active", on: true });
  assert.deepEqual(parseFrameToLoader({ kefu: 1, type: "event", name: "error", code: "forbidden", message: "no" }), {
    kefu: 1,
    type: "event",
    name: "error",
    code: "forbidden",
    message: "no",
  });
  assert.equal(parseFrameToLoader({ kefu: 1, type: "event", name: "steal" }), undefined);
});

test("status may offer leave-a-message; the frame's config keeps only an https avatar", () => {
  assert.deepEqual(parseStatusEvent({ status: "waiting", leaveMessage: true }), {
    status: "waiting",
    leaveMessage: true,
  });
  assert.deepEqual(parseStatusEvent({ status: "agent", assigneeId: "x" }), { status: "agent", leaveMessage: false });
  assert.equal(parseStatusEvent({ status: "gone" }), undefined);
  assert.equal(parseFrameConfig({ avatarUrl: "javascript:alert(1)" })?.avatarUrl, null);
  assert.equal(parseFrameConfig({ avatarUrl: "https://cdn.example/a.png" })?.avatarUrl, "https://cdn.example/a.png");
});

test("language: the bot's choice wins, auto follows the browser", () => {
  assert.equal(pickLang("en", ["zh-CN"]), "en");
  assert.equal(pickLang("zh-CN", ["en-US"]), "zh-CN");
  assert.equal(pickLang("auto", ["zh-TW", "en"]), "zh-CN");
  assert.equal(pickLang("auto", ["en-GB", "zh-CN"]), "en");
  assert.equal(pickLang(undefined, []), "en");
  assert.deepEqual(Object.keys(strings("zh-CN")), Object.keys(strings("en")));
});

test("history: only well-formed conversations, and only messages that belong to them", () => {
  const m = (conversationId: string, seq: number) => ({
    id: `m${seq}`,
    seq,
    conversationId,
    role: "visitor",
    text: "hi",
    createdAt: "2026-01-01T00:00:00.000Z",
  });
  const res = {
    ok: true,
    conversations: [
      { id: "c1", closedAt: "2026-01-02T00:00:00.000Z", messages: [m("c1", 1), m("c2", 2), { id: "x" }] },
      { id: 5, messages: [] },
      { id: "c3" },
    ],
  };
  assert.deepEqual(parseHistory(res), [
    { id: "c1", closedAt: "2026-01-02T00:00:00.000Z", messages: [parseMessage(m("c1", 1))] },
  ]);
  assert.deepEqual(parseHistory({ ok: false, error: { code: "conflict", message: "x" } }), []);
  assert.deepEqual(parseHistory(null), []);
});

test("a rate_limited send ack keeps when to try again; the frame words it in the visitor's language", () => {
  const ack = parseAck({ ok: false, error: { code: "rate_limited", message: "too quickly", retryAfterMs: 4200 } });
  assert.deepEqual(ack, { ok: false, error: { code: "rate_limited", message: "too quickly", retryAfterMs: 4200 } });
  assert.equal(parseAck({ ok: false, error: { code: "rate_limited", message: "x", retryAfterMs: -1 } }).ok, false);
  assert.ok(
    !(
      "retryAfterMs" in
      (parseAck({ ok: false, error: { code: "busy", message: "x", retryAfterMs: "soon" } }) as { error: object }).error
    ),
  );
  assert.match(strings("en").tooFast, /\{s\} s/);
  assert.match(strings("zh-CN").tooFast, /\{s\} 秒/);
});
