// Issue 14 point 4: signed webhooks reach a real receiver on loopback, retried after failures, in order per
// conversation, after a restart of the server, and never to another tenant's URL.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { startKefu, type KefuProcess } from "./helpers/server-process";
import { until } from "./helpers/until";
import { startReceiver } from "./helpers/webhook-receiver";

type Fixture = Awaited<ReturnType<typeof import("./helpers/fixtures").makeTenant>>;

let kefu: KefuProcess;
let dataDir: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let lib: {
  fixtures: typeof import("./helpers/fixtures");
  conversations: typeof import("../lib/conversations");
  db: typeof import("../lib/db/client");
  handoff: typeof import("../lib/conversations/handoff");
  session: typeof import("../lib/conversations/visitor-session");
  left: typeof import("../lib/answering/left-message");
};
let a: Fixture;
let b: Fixture;

async function api(key: string, p: string, body?: unknown, method = body === undefined ? "GET" : "POST") {
  const res = await fetch(`${kefu.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

/** This test process works on that server's database (node --test runs each file in its own process). */
function useServersDatabase() {
  const { port } = JSON.parse(fs.readFileSync(path.join(dataDir, "postgres.json"), "utf8"));
  const password = fs.readFileSync(path.join(dataDir, "postgres.password"), "utf8").trim();
  process.env.DATABASE_URL = `postgres://kefu:${encodeURIComponent(password)}@127.0.0.1:${port}/kefu`;
}

before(async () => {
  receiver = await startReceiver();
  // a server of the test's own, on its own embedded database, that may POST to loopback and retries quickly
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-webhooks-"));
  kefu = await startKefu({
    databaseUrl: "",
    env: {
      KEFU_DATA_DIR: dataDir,
      KEFU_WEBHOOKS_ALLOW_PRIVATE: "1",
      KEFU_WEBHOOKS_RETRY_BASE_MS: "300",
      KEFU_WEBHOOKS_POLL_MS: "200",
    },
  });
  useServersDatabase();
  lib = {
    fixtures: await import("./helpers/fixtures"),
    conversations: await import("../lib/conversations"),
    db: await import("../lib/db/client"),
    handoff: await import("../lib/conversations/handoff"),
    session: await import("../lib/conversations/visitor-session"),
    left: await import("../lib/answering/left-message"),
  };
  a = await lib.fixtures.makeTenant("hooka");
  b = await lib.fixtures.makeTenant("hookb");
});

after(async () => {
  await lib?.db.disconnectDb();
  await kefu?.stop();
  await receiver?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const ofConversation = (p: string, conversationId: string) =>
  receiver
    .accepted(p)
    .filter((r) => r.body.data.conversationId === conversationId)
    .map((r) => (r.event === "message.created" ? `message ${r.body.data.message.seq}` : r.event));

test("a failed delivery is retried with the same id and signature, and the conversation's later events wait for it; tenant B's URL gets none of A's events", async () => {
  const hookA = await api(a.apiKey, "/api/v1/webhooks", {
    url: receiver.url("/a"),
    events: ["conversation.created", "message.created", "conversation.closed"],
  });
  assert.equal(hookA.status, 201, JSON.stringify(hookA.json));
  assert.match(hookA.json.data.secret, /^whsec_/);
  const hookB = await api(b.apiKey, "/api/v1/webhooks", {
    url: receiver.url("/b"),
    events: ["conversation.created", "message.created"],
  });
  assert.equal(hookB.status, 201);
  receiver.setSecret("/a", hookA.json.data.secret);
  receiver.setSecret("/b", hookB.json.data.secret);
  receiver.answer("/a", [500]);

  const c = lib.conversations;
  const visitor = await c.createVisitor(a.tenant.id);
  const { conversation } = await c.openConversation(a.tenant.id, a.bot.id, visitor.id);
  for (const text of ["one", "two", "three"])
    await c.appendMessage(a.tenant.id, { conversationId: conversation.id, role: "visitor", text });

  await until(
    () => ofConversation("/a", conversation.id).length >= 4,
    "four accepted deliveries",
    30_000,
    () => JSON.stringify(receiver.received.map((r) => [r.path, r.event, r.status])),
  );
  assert.deepEqual(ofConversation("/a", conversation.id), [
    "conversation.created",
    "message 1",
    "message 2",
    "message 3",
  ]);
  const toA = receiver.received.filter((r) => r.path === "/a");
  assert.ok(
    toA.every((r) => r.signatureOk),
    "every POST carries a valid X-Kefu-Signature",
  );
  assert.equal(toA[0].status, 500);
  assert.equal(toA[1].delivery, toA[0].delivery, "the retry is the same delivery");
  assert.equal(
    new Set(receiver.accepted("/a").map((r) => r.delivery)).size,
    4,
    "each event has its own X-Kefu-Delivery",
  );
  assert.equal(toA[0].body.data.conversationId, conversation.id);
  assert.equal(receiver.accepted("/a")[1].body.data.message.text, "one");
  assert.equal(receiver.received.filter((r) => r.path === "/b").length, 0, "tenant B's URL received nothing of A's");

  const log = await api(a.apiKey, `/api/v1/webhooks/${hookA.json.data.id}/deliveries`);
  assert.equal(log.status, 200);
  const created = log.json.data.find((d: any) => d.event === "conversation.created");
  assert.equal(created.status, "delivered");
  assert.equal(created.attempts, 2);
  assert.equal(created.lastStatus, 200);
  // B cannot read A's webhook or its deliveries, nor send them again
  assert.equal((await api(b.apiKey, `/api/v1/webhooks/${hookA.json.data.id}`)).status, 404);
  assert.equal((await api(b.apiKey, `/api/v1/webhooks/${hookA.json.data.id}/deliveries`)).status, 404);
  assert.equal(
    (await api(b.apiKey, `/api/v1/webhooks/${hookA.json.data.id}/deliveries/${created.id}/redeliver`, {})).status,
    404,
  );

  // "send again": the same event as a new delivery
  const again = await api(a.apiKey, `/api/v1/webhooks/${hookA.json.data.id}/deliveries/${created.id}/redeliver`, {});
  assert.equal(again.status, 202);
  await until(() => receiver.accepted("/a").some((r) => r.delivery === again.json.data.id), "the redelivery");
  const resent = receiver.accepted("/a").find((r) => r.delivery === again.json.data.id)!;
  assert.equal(resent.event, "conversation.created");
  assert.equal(resent.body.data.conversationId, conversation.id);
});

test("deliveries pending when the server stops are delivered, in order, after it starts again", async () => {
  const c = lib.conversations;
  const visitor = await c.createVisitor(a.tenant.id);
  receiver.answer("/a", Array(10_000).fill(503));
  const { conversation } = await c.openConversation(a.tenant.id, a.bot.id, visitor.id);
  for (const text of ["before restart 1", "before restart 2"])
    await c.appendMessage(a.tenant.id, { conversationId: conversation.id, role: "visitor", text });
  await c.setStatus(a.tenant.id, conversation.id, "closed");
  await until(() => receiver.received.some((r) => r.path === "/a" && r.status === 503), "a refused attempt");
  await lib.db.disconnectDb();
  assert.equal(await kefu.stop(), 0);
  receiver.answer("/a", []);
  kefu = await kefu.restart();
  useServersDatabase(); // its PostgreSQL may have come back on another port
  await until(
    () => ofConversation("/a", conversation.id).length >= 4,
    "the pending deliveries after the restart",
    60_000,
  );
  assert.deepEqual(ofConversation("/a", conversation.id), [
    "conversation.created",
    "message 1",
    "message 2",
    "conversation.closed",
  ]);
});

test("a handoff, a rating and a left message reach the subscribed URL, signed, with what happened", async () => {
  const hook = await api(b.apiKey, "/api/v1/webhooks", {
    url: receiver.url("/b-all"),
    events: ["conversation.handed_off", "conversation.closed", "csat.received", "message.left"],
  });
  assert.equal(hook.status, 201);
  receiver.setSecret("/b-all", hook.json.data.secret);
  const c = lib.conversations;
  const visitor = await c.createVisitor(b.tenant.id);
  const { conversation } = await c.openConversation(b.tenant.id, b.bot.id, visitor.id);
  await c.appendMessage(b.tenant.id, { conversationId: conversation.id, role: "visitor", text: "my kettle leaks" });
  assert.equal(await lib.handoff.handOff(b.tenant.id, conversation.id, "keyword"), true);
  await c.setStatus(b.tenant.id, conversation.id, "closed");
  await lib.session.rateConversation(b.tenant.id, visitor.id, {
    conversationId: conversation.id,
    rating: 4,
    comment: "quick",
  });
  await lib.left.leaveMessage(b.tenant.id, { id: b.bot.id, name: b.bot.name }, visitor.id, {
    email: "lena@example.com",
    text: "call me back",
  });
  await until(
    () => receiver.accepted("/b-all").length >= 4,
    "four events",
    30_000,
    () => JSON.stringify(receiver.received.filter((r) => r.path === "/b-all").map((r) => r.event)),
  );
  const got = receiver.accepted("/b-all");
  assert.ok(got.every((r) => r.signatureOk));
  assert.deepEqual(ofConversation("/b-all", conversation.id), [
    "conversation.handed_off",
    "conversation.closed",
    "csat.received",
  ]);
  const byEvent = Object.fromEntries(got.map((r) => [r.event, r.body.data]));
  assert.equal(byEvent["conversation.handed_off"].reason, "keyword");
  assert.deepEqual([byEvent["csat.received"].rating, byEvent["csat.received"].comment], [4, "quick"]);
  assert.deepEqual(
    [byEvent["message.left"].email, byEvent["message.left"].text, byEvent["message.left"].visitorId],
    ["lena@example.com", "call me back", visitor.id],
  );
});
