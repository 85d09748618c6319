// Ratings after a conversation closes: on the conversation in the inbox and in REST (`csat`), filterable (rated /
// low), and counted by bot-only vs with an agent (csatSummary, GET /api/v1/csat). Another tenant sees none of it.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import type { Socket } from "socket.io-client";
import { appendMessage, setStatus } from "../lib/conversations";
import { disconnectDb } from "../lib/db/client";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectAgent, connectVisitor, emitAck } from "./helpers/sockets";

type T = Awaited<ReturnType<typeof makeTenant>>;
let a: T;
let b: T;
let agentA: Socket;
let agentB: Socket;
let happy = "";
let unhappy = "";

async function api(path: string, key: string) {
  const res = await fetch(`${testEnv.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, json: (await res.json()) as any };
}

/** A conversation the visitor rates after it closed; `withAgent`: an agent wrote in it. */
async function rated(t: T, score: number, comment: string, withAgent: boolean) {
  const v = await connectVisitor({ key: t.bot.publicKey });
  const sent = await emitAck(v.socket, "message", { clientId: crypto.randomUUID(), text: "hello there" });
  if (withAgent)
    await appendMessage(t.tenant.id, {
      conversationId: sent.conversationId,
      role: "agent",
      text: "Hi, Ann here",
      authorId: t.admin.id,
    });
  await setStatus(t.tenant.id, sent.conversationId, "closed");
  const r = await emitAck(v.socket, "rate", { conversationId: sent.conversationId, rating: score, comment });
  assert.equal(r.ok, true, JSON.stringify(r));
  v.socket.close();
  return sent.conversationId as string;
}

before(async () => {
  [a, b] = await Promise.all([makeTenant("csat-a"), makeTenant("csat-b")]);
  [agentA, agentB] = await Promise.all([
    connectAgent(await signInCookie(a.admin.email, a.admin.password)),
    connectAgent(await signInCookie(b.admin.email, b.admin.password)),
  ]);
  happy = await rated(a, 5, "Quick and right", false);
  unhappy = await rated(a, 1, "Took ages", true);
});
after(async () => {
  agentA?.close();
  agentB?.close();
  await disconnectDb();
});

test("the inbox shows the rating and comment on the conversation and filters rated and low ratings", async () => {
  const opened = await emitAck(agentA, "conversation:open", { conversationId: unhappy });
  assert.deepEqual([opened.conversation.rating, opened.conversation.ratingComment], [1, "Took ages"]);
  assert.ok(opened.conversation.ratedAt, "when it was rated");
  const ids = async (rating?: string) =>
    (await emitAck(agentA, "conversations:list", { view: "closed", ...(rating ? { rating } : {}) })).conversations
      .map((c: any) => c.id)
      .sort();
  assert.deepEqual(await ids("rated"), [happy, unhappy].sort());
  assert.deepEqual(await ids("low"), [unhappy]);
  const bad = await emitAck(agentA, "conversations:list", { view: "closed", rating: "bad" });
  assert.equal(bad.error.code, "bad_request");
  assert.match(bad.error.message, /rating/);
});

test("REST: csat on the conversation, the rating filter, and the summary split by bot and agent", async () => {
  const low = await api("/api/v1/conversations?rating=low", a.apiKey);
  assert.equal(low.status, 200);
  assert.deepEqual(
    low.json.data.map((c: any) => c.id),
    [unhappy],
  );
  assert.equal(low.json.data[0].csat.score, 1);
  assert.equal(low.json.data[0].csat.comment, "Took ages");
  assert.ok(Date.parse(low.json.data[0].csat.at));
  const one = await api(`/api/v1/conversations/${happy}`, a.apiKey);
  assert.deepEqual({ ...one.json.data.csat, at: undefined }, { score: 5, comment: "Quick and right", at: undefined });

  const sum = await api("/api/v1/csat", a.apiKey);
  assert.equal(sum.status, 200);
  const d = sum.json.data;
  assert.deepEqual([d.all.count, d.all.average, d.all.low], [2, 3, 1]);
  assert.deepEqual([d.bot.count, d.bot.average, d.bot.distribution["5"]], [1, 5, 1]);
  assert.deepEqual([d.human.count, d.human.average, d.human.low], [1, 1, 1]);
  const forBot = await api(`/api/v1/csat?botId=${a.bot.id}`, a.apiKey);
  assert.equal(forBot.json.data.all.count, 2);
  const past = await api("/api/v1/csat?from=2020-01-01&to=2020-02-01", a.apiKey);
  assert.equal(past.json.data.all.count, 0);
  const bad = await api("/api/v1/csat?from=yesterday", a.apiKey);
  assert.equal(bad.status, 400);
  assert.match(bad.json.error.message, /from/);
  const backwards = await api("/api/v1/csat?from=2026-02-01&to=2026-01-01", a.apiKey);
  assert.equal(backwards.status, 400);
});

test("another tenant sees no rating: inbox filter, conversation, REST list, summary, its bot id", async () => {
  assert.deepEqual((await emitAck(agentB, "conversations:list", { view: "all", rating: "rated" })).conversations, []);
  assert.equal((await emitAck(agentB, "conversation:open", { conversationId: unhappy })).error.code, "not_found");
  assert.deepEqual((await api("/api/v1/conversations?rating=rated", b.apiKey)).json.data, []);
  assert.equal((await api("/api/v1/csat", b.apiKey)).json.data.all.count, 0);
  const foreignBot = await api(`/api/v1/csat?botId=${a.bot.id}`, b.apiKey);
  assert.equal(foreignBot.status, 404);
  assert.equal((await api(`/api/v1/conversations/${happy}`, b.apiKey)).status, 404);
});
