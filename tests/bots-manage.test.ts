import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { createVisitor, openConversation, getConversation } from "../lib/conversations";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectVisitor, emitAck, waitFor } from "./helpers/sockets";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;

async function call(method: string, path: string, opts: { key?: string; cookie?: string; body?: unknown } = {}) {
  const res = await fetch(`${testEnv.url}${path}`, {
    method,
    redirect: "manual",
    headers: {
      "content-type": "application/json",
      ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

describe("bots as first-class objects (REST v1 and admin API)", () => {
  let a: Tenant;
  let b: Tenant;
  let cookieA: string;

  before(async () => {
    [a, b] = [await makeTenant("bots-a"), await makeTenant("bots-b")];
    cookieA = await signInCookie(a.admin.email, a.admin.password);
  });
  after(() => disconnectDb());

  test("REST: create with only a name gives a working widget key; rename, duplicate, delete", async () => {
    const created = await call("POST", "/api/v1/bots", { key: a.apiKey, body: { name: "Sales" } });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const bot = created.json.data;
    assert.equal(bot.name, "Sales");
    assert.match(bot.publicKey, /^pk_/);
    assert.deepEqual(bot.knowledgeBaseIds, [a.kb.id], "answers from the tenant's knowledge by default");
    const config = await call("GET", `/api/widget/config?key=${bot.publicKey}`);
    assert.equal(config.status, 200, "the new bot's widget works at once");

    const renamed = await call("PATCH", `/api/v1/bots/${bot.id}`, { key: a.apiKey, body: { name: "Sales team" } });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.json.data.name, "Sales team");
    assert.equal(renamed.json.data.publicKey, bot.publicKey, "a rename keeps the widget key");
    assert.equal(renamed.json.data.greeting, bot.greeting, "fields not given keep their value");

    const copy = await call("POST", `/api/v1/bots/${bot.id}/duplicate`, { key: a.apiKey, body: {} });
    assert.equal(copy.status, 201);
    assert.equal(copy.json.data.name, "Sales team (copy)");
    assert.notEqual(copy.json.data.publicKey, bot.publicKey);
    assert.equal(copy.json.data.instructions, bot.instructions);
    const copy2 = await call("POST", `/api/v1/bots/${bot.id}/duplicate`, { key: a.apiKey, body: {} });
    assert.equal(copy2.json.data.name, "Sales team (copy 2)");

    const deleted = await call("DELETE", `/api/v1/bots/${copy.json.data.id}`, { key: a.apiKey });
    assert.equal(deleted.status, 200, JSON.stringify(deleted.json));
    assert.equal(deleted.json.data.deleted, true);
    assert.equal((await call("GET", `/api/v1/bots/${copy.json.data.id}`, { key: a.apiKey })).status, 404);
    assert.equal(
      (await call("GET", `/api/widget/config?key=${copy.json.data.publicKey}`)).status,
      404,
      "its widget stops",
    );
    const names = (await call("GET", "/api/v1/bots", { key: a.apiKey })).json.data.map((x: { name: string }) => x.name);
    assert.ok(!names.includes("Sales team (copy)"));
    assert.ok(names.includes("Sales team (copy 2)"));
  });

  test("bad names answer 400/409 naming the problem and change nothing", async () => {
    const before = (await call("GET", "/api/v1/bots", { key: a.apiKey })).json.data.length;
    const empty = await call("POST", "/api/v1/bots", { key: a.apiKey, body: { name: "   " } });
    assert.equal(empty.status, 400);
    assert.match(empty.json.error.message, /name: the name is empty/);
    const long = await call("POST", "/api/v1/bots", { key: a.apiKey, body: { name: "x".repeat(81) } });
    assert.equal(long.status, 400);
    assert.match(long.json.error.message, /longer than 80 characters/);
    const missing = await call("POST", "/api/v1/bots", { key: a.apiKey, body: {} });
    assert.equal(missing.status, 400);
    assert.match(missing.json.error.message, /name/);
    const dup = await call("POST", "/api/v1/bots", { key: a.apiKey, body: { name: a.bot.name.toUpperCase() } });
    assert.equal(dup.status, 409);
    assert.match(dup.json.error.message, /already exists/);
    const renameEmpty = await call("PATCH", `/api/v1/bots/${a.bot.id}`, { key: a.apiKey, body: { name: "" } });
    assert.equal(renameEmpty.status, 400);
    assert.equal((await call("GET", "/api/v1/bots", { key: a.apiKey })).json.data.length, before);
    assert.equal((await call("GET", `/api/v1/bots/${a.bot.id}`, { key: a.apiKey })).json.data.name, a.bot.name);
  });

  test("another tenant's bot or version id answers 404 everywhere and is not changed", async () => {
    const versions = (await call("GET", `/api/admin/bots/${a.bot.id}/versions`, { cookie: cookieA })).json.versions;
    const v = versions[0].id;
    const bVersions = await call("GET", `/api/v1/bots/${b.bot.id}/versions`, { key: b.apiKey });
    const bv = bVersions.json.data[0].id;
    for (const [method, path, body] of [
      ["GET", `/api/v1/bots/${b.bot.id}`],
      ["PATCH", `/api/v1/bots/${b.bot.id}`, { name: "Stolen" }],
      ["DELETE", `/api/v1/bots/${b.bot.id}?force=true`],
      ["POST", `/api/v1/bots/${b.bot.id}/duplicate`, {}],
      ["GET", `/api/v1/bots/${b.bot.id}/versions`],
      ["POST", `/api/v1/bots/${b.bot.id}/versions/${bv}/rollback`],
      ["POST", `/api/v1/bots/${a.bot.id}/versions/${bv}/rollback`],
    ] as const) {
      const res = await call(method, path, { key: a.apiKey, body });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.json.error.code, "not_found");
    }
    for (const [method, path, body] of [
      ["GET", `/api/admin/bots/${b.bot.id}`],
      ["PATCH", `/api/admin/bots/${b.bot.id}`, { name: "Stolen" }],
      ["DELETE", `/api/admin/bots/${b.bot.id}?force=true`],
      ["POST", `/api/admin/bots/${b.bot.id}/duplicate`, {}],
      ["GET", `/api/admin/bots/${b.bot.id}/usage`],
      ["GET", `/api/admin/bots/${b.bot.id}/versions`],
      ["GET", `/api/admin/bots/${b.bot.id}/versions/${bv}`],
      ["GET", `/api/admin/bots/${a.bot.id}/versions/${bv}`],
      ["GET", `/api/admin/bots/${a.bot.id}/versions/compare?from=${v}&to=${bv}`],
      ["POST", `/api/admin/bots/${b.bot.id}/versions/${bv}/rollback`],
      ["POST", `/api/admin/bots/${a.bot.id}/versions/${bv}/rollback`],
    ] as const) {
      const res = await call(method, path, { cookie: cookieA, body });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    const still = await call("GET", `/api/v1/bots/${b.bot.id}`, { key: b.apiKey });
    assert.equal(still.json.data.name, b.bot.name);
    assert.equal((await call("GET", `/api/v1/bots/${b.bot.id}/versions`, { key: b.apiKey })).json.data.length, 1);
  });

  test("versions: each saved change is a version with who and what; compare; rollback is a new version", async () => {
    const { bot } = (await call("POST", "/api/admin/bots", { cookie: cookieA, body: { name: "Versioned" } })).json;
    const first = await call("PATCH", `/api/admin/bots/${bot.id}`, {
      cookie: cookieA,
      body: { greeting: "Hello there", temperature: 0.9 },
    });
    assert.equal(first.status, 200);
    await call("PATCH", `/api/admin/bots/${bot.id}`, { cookie: cookieA, body: { instructions: "Be very brief." } });
    // a save that changes nothing is no version
    await call("PATCH", `/api/admin/bots/${bot.id}`, { cookie: cookieA, body: { instructions: "Be very brief." } });
    const { versions } = (await call("GET", `/api/admin/bots/${bot.id}/versions`, { cookie: cookieA })).json;
    assert.deepEqual(
      versions.map((v: { number: number }) => v.number),
      [3, 2, 1],
    );
    assert.deepEqual(
      versions.map((v: { action: string }) => v.action),
      ["updated", "updated", "created"],
    );
    assert.deepEqual([...versions[1].changed].sort(), ["greeting", "temperature"]);
    assert.deepEqual(versions[0].changed, ["instructions"]);
    assert.equal(versions[0].authorName, a.admin.name);

    const cmp = await call(
      "GET",
      `/api/admin/bots/${bot.id}/versions/compare?from=${versions[2].id}&to=${versions[0].id}`,
      { cookie: cookieA },
    );
    assert.equal(cmp.status, 200);
    const byField = Object.fromEntries(cmp.json.comparison.changes.map((c: { field: string }) => [c.field, c]));
    assert.deepEqual(Object.keys(byField).sort(), ["greeting", "instructions", "temperature"]);
    assert.equal(byField.greeting.before, bot.greeting);
    assert.equal(byField.greeting.after, "Hello there");
    const badCmp = await call("GET", `/api/admin/bots/${bot.id}/versions/compare?from=${versions[2].id}`, {
      cookie: cookieA,
    });
    assert.equal(badCmp.status, 400);
    assert.match(badCmp.json.error.message, /to/);

    const rolled = await call("POST", `/api/admin/bots/${bot.id}/versions/${versions[2].id}/rollback`, {
      cookie: cookieA,
    });
    assert.equal(rolled.status, 200);
    assert.equal(rolled.json.bot.greeting, bot.greeting);
    assert.equal(rolled.json.bot.instructions, bot.instructions);
    assert.equal(rolled.json.bot.temperature, bot.temperature);
    const after = (await call("GET", `/api/v1/bots/${bot.id}/versions`, { key: a.apiKey })).json.data;
    assert.equal(after[0].number, 4);
    assert.equal(after[0].action, "rolled_back");
    assert.equal(after[0].sourceNumber, 1);
    assert.deepEqual([...after[0].changed].sort(), ["greeting", "instructions", "temperature"]);
    // the rollback itself can be undone: back to version 3
    const again = await call("POST", `/api/v1/bots/${bot.id}/versions/${after[1].id}/rollback`, { key: a.apiKey });
    assert.equal(again.json.data.instructions, "Be very brief.");
  });

  test("deleting a bot whose widget is live needs force; then its open conversations are closed and kept", async () => {
    const { bot } = (await call("POST", "/api/admin/bots", { cookie: cookieA, body: { name: "Live one" } })).json;
    const visitor = await createVisitor(a.tenant.id);
    const { conversation } = await openConversation(a.tenant.id, bot.id, visitor.id);

    const usage = await call("GET", `/api/admin/bots/${bot.id}/usage`, { cookie: cookieA });
    assert.deepEqual(usage.json.usage, { openConversations: 1, recentConversations: 1, conversations: 1, live: true });
    const refused = await call("DELETE", `/api/v1/bots/${bot.id}`, { key: a.apiKey });
    assert.equal(refused.status, 409);
    assert.equal(refused.json.error.code, "bot_in_use");
    assert.match(refused.json.error.message, /1 open conversations.*force=true/s);
    assert.equal(
      (await call("GET", `/api/widget/config?key=${bot.publicKey}`)).status,
      200,
      "refused: the widget still works",
    );
    const badForce = await call("DELETE", `/api/v1/bots/${bot.id}?force=yes`, { key: a.apiKey });
    assert.equal(badForce.status, 400);

    const forced = await call("DELETE", `/api/admin/bots/${bot.id}?force=true`, { cookie: cookieA });
    assert.equal(forced.status, 200);
    assert.equal(forced.json.deleted.closedConversations, 1);
    assert.equal((await call("GET", `/api/widget/config?key=${bot.publicKey}`)).status, 404);
    const kept = await getConversation(a.tenant.id, conversation.id);
    assert.equal(kept.status, "closed", "the open conversation was closed, not lost");
    const bases = (await call("GET", "/api/v1/knowledge/bases", { key: a.apiKey })).json.data;
    assert.ok(
      !bases.some((k: { bots: { id: string }[] }) => k.bots.some((x) => x.id === bot.id)),
      "no knowledge base lists the deleted bot",
    );
  });

  test("a visitor chatting with a bot when it is deleted is told the chat closed, disconnected, and cannot reconnect", async () => {
    const { bot } = (await call("POST", "/api/admin/bots", { cookie: cookieA, body: { name: "Chatting" } })).json;
    const { socket, session } = await connectVisitor({ key: bot.publicKey });
    const closed = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
    const ack = await emitAck(socket, "message", { clientId: "c1", text: "hello there" });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    const refused = await call("DELETE", `/api/v1/bots/${bot.id}`, { key: a.apiKey });
    assert.equal(refused.status, 409, "a chat is going on: the widget is live");
    const told = waitFor(socket, "status", (p: { status: string }) => p.status === "closed");
    assert.equal((await call("DELETE", `/api/v1/bots/${bot.id}?force=true`, { key: a.apiKey })).status, 200);
    await told;
    await closed;
    await assert.rejects(
      connectVisitor({ key: bot.publicKey, token: session.visitorToken }),
      (err: Error & { data?: { code?: string } }) => {
        assert.equal(err.data?.code ?? err.message, "unknown_key");
        return true;
      },
    );
  });
});
