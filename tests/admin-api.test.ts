import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { listEntries } from "../lib/knowledge";
import { addUserToTenant } from "../lib/tenants";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;

async function call(method: string, path: string, opts: { cookie?: string; body?: unknown; raw?: string } = {}) {
  const res = await fetch(`${testEnv.url}${path}`, {
    method,
    redirect: "manual",
    headers: { "content-type": "application/json", ...(opts.cookie ? { cookie: opts.cookie } : {}) },
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

const botBody = (t: Tenant, over: Record<string, unknown> = {}) => ({
  name: "Support bot",
  greeting: "Welcome!",
  instructions: "Be brief.",
  temperature: 0.4,
  maxTokens: 64,
  modelId: null,
  knowledgeBaseIds: [t.kb.id],
  ...over,
});

describe("admin API", () => {
  let a: Tenant;
  let b: Tenant;
  let adminCookie: string;

  before(async () => {
    [a, b] = [await makeTenant("api-a"), await makeTenant("api-b")];
    adminCookie = await signInCookie(a.admin.email, a.admin.password);
  });
  after(() => disconnectDb());

  test("without a session every admin route answers 401 with a JSON error", async () => {
    for (const [method, path, body] of [
      ["GET", `/api/admin/bots/${a.bot.id}`],
      ["PUT", `/api/admin/bots/${a.bot.id}`, botBody(a)],
      ["GET", "/api/admin/bots"],
      ["POST", "/api/admin/knowledge/entries", { title: "x", content: "y" }],
      ["PUT", `/api/admin/knowledge/entries/${a.entry.id}`, { title: "x", content: "y" }],
      ["DELETE", `/api/admin/knowledge/entries/${a.entry.id}`],
    ] as const) {
      const res = await call(method, path, { body });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.json.error.code, "unauthorized");
      assert.ok(res.json.error.message);
    }
    assert.equal((await listEntries(a.tenant.id)).length, 1, "nothing was deleted");
  });

  test("an agent gets 403 on the admin API and is sent away from the admin pages", async () => {
    const agent = await addUserToTenant(a.tenant.id, {
      email: `agent-${a.tenant.slug}@kefu.test`,
      name: "Agent",
      password: "agent-password",
      role: "agent",
    });
    const cookie = await signInCookie(agent.email, "agent-password");
    const put = await call("PUT", `/api/admin/bots/${a.bot.id}`, {
      cookie,
      body: botBody(a, { greeting: "hijacked" }),
    });
    assert.equal(put.status, 403);
    assert.equal(put.json.error.code, "forbidden");
    const post = await call("POST", "/api/admin/knowledge/entries", { cookie, body: { title: "x", content: "y" } });
    assert.equal(post.status, 403);
    for (const page of ["/bots", `/bots/${a.bot.id}`, "/knowledge", "/monitoring"]) {
      const res = await fetch(`${testEnv.url}${page}`, { headers: { cookie }, redirect: "manual" });
      assert.ok([303, 307, 308].includes(res.status), `${page} answered ${res.status}`);
      assert.match(res.headers.get("location") ?? "", /\/forbidden$/);
    }
    const bot = await call("GET", `/api/admin/bots/${a.bot.id}`, { cookie: adminCookie });
    assert.equal(bot.json.bot.greeting, "Hello", "the agent's PUT changed nothing");
  });

  test("malformed JSON answers 400 invalid_json", async () => {
    const bot = await call("PUT", `/api/admin/bots/${a.bot.id}`, { cookie: adminCookie, raw: '{"name": "x",' });
    assert.equal(bot.status, 400);
    assert.equal(bot.json.error.code, "invalid_json");
    const entry = await call("POST", "/api/admin/knowledge/entries", { cookie: adminCookie, raw: "not json" });
    assert.equal(entry.status, 400);
    assert.equal(entry.json.error.code, "invalid_json");
  });

  test("invalid or too long fields answer 400 with a message naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "n".repeat(81) }, "name"],
      [{ name: "   " }, "name"],
      [{ greeting: "g".repeat(501) }, "greeting"],
      [{ instructions: "i".repeat(4001) }, "instructions"],
      [{ temperature: 3 }, "temperature"],
      [{ temperature: "hot" }, "temperature"],
      [{ maxTokens: 5000 }, "maxTokens"],
      [{ maxTokens: 10.5 }, "maxTokens"],
      [{ modelId: "m".repeat(201) }, "modelId"],
      [{ knowledgeBaseIds: "all" }, "knowledgeBaseIds"],
    ];
    for (const [over, field] of cases) {
      const res = await call("PUT", `/api/admin/bots/${a.bot.id}`, { cookie: adminCookie, body: botBody(a, over) });
      assert.equal(res.status, 400, JSON.stringify(over).slice(0, 60));
      assert.equal(res.json.error.code, "bad_request");
      assert.match(res.json.error.message, new RegExp(`\\b${field}\\b`));
    }
    const entryCases: [Record<string, unknown>, string][] = [
      [{ title: "", content: "c" }, "title"],
      [{ title: "t".repeat(301), content: "c" }, "title"],
      [{ title: "t", content: "" }, "content"],
      [{ title: "t", content: "c", tags: ["x".repeat(41)] }, "tags"],
      [{ title: "t", content: "c", enabled: "yes" }, "enabled"],
    ];
    for (const [body, field] of entryCases) {
      const res = await call("POST", "/api/admin/knowledge/entries", { cookie: adminCookie, body });
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 60));
      assert.match(res.json.error.message, new RegExp(`\\b${field}\\b`));
    }
  });

  test("a valid PUT saves the bot and GET returns it", async () => {
    const res = await call("PUT", `/api/admin/bots/${a.bot.id}`, {
      cookie: adminCookie,
      body: botBody(a, { name: "Renamed", temperature: "0.9", maxTokens: 100, modelId: "tiny.gguf" }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.bot.name, "Renamed");
    assert.equal(res.json.bot.temperature, 0.9);
    assert.equal(res.json.bot.tenantId, undefined, "the tenant id stays inside");
    const got = await call("GET", `/api/admin/bots/${a.bot.id}`, { cookie: adminCookie });
    assert.deepEqual(
      {
        name: got.json.bot.name,
        maxTokens: got.json.bot.maxTokens,
        modelId: got.json.bot.modelId,
        kbs: got.json.bot.knowledgeBaseIds,
      },
      { name: "Renamed", maxTokens: 100, modelId: "tiny.gguf", kbs: [a.kb.id] },
    );
  });

  test("another tenant's bot, knowledge base and entry answer 404 like missing ones", async () => {
    assert.equal((await call("GET", `/api/admin/bots/${b.bot.id}`, { cookie: adminCookie })).status, 404);
    assert.equal(
      (await call("PUT", `/api/admin/bots/${b.bot.id}`, { cookie: adminCookie, body: botBody(a) })).status,
      404,
    );
    assert.equal((await call("GET", "/api/admin/bots/no-such-bot", { cookie: adminCookie })).status, 404);
    const foreignKb = await call("PUT", `/api/admin/bots/${a.bot.id}`, {
      cookie: adminCookie,
      body: botBody(a, { knowledgeBaseIds: [b.kb.id] }),
    });
    assert.equal(foreignKb.status, 404);

    const put = await call("PUT", `/api/admin/knowledge/entries/${b.entry.id}`, {
      cookie: adminCookie,
      body: { title: "stolen", content: "stolen" },
    });
    assert.equal(put.status, 404);
    assert.equal(put.json.error.code, "not_found");
    assert.equal(
      (await call("DELETE", `/api/admin/knowledge/entries/${b.entry.id}`, { cookie: adminCookie })).status,
      404,
    );
    const post = await call("POST", "/api/admin/knowledge/entries", {
      cookie: adminCookie,
      body: { title: "t", content: "c", knowledgeBaseId: b.kb.id },
    });
    assert.equal(post.status, 404);
    const [entry] = await listEntries(b.tenant.id);
    assert.equal(entry.title, b.entry.title, "the other tenant's entry is untouched");

    const list = await call("GET", "/api/admin/bots", { cookie: adminCookie });
    assert.deepEqual(
      list.json.bots.map((x: { id: string }) => x.id),
      [a.bot.id],
    );
  });

  test("entries: create, update, disable and delete within the tenant", async () => {
    const created = await call("POST", "/api/admin/knowledge/entries", {
      cookie: adminCookie,
      body: { title: "Gift wrapping?", content: "Yes, for 5 CNY.", tags: ["gifts"], knowledgeBaseId: a.kb.id },
    });
    assert.equal(created.status, 201);
    const id = created.json.entry.id;
    const updated = await call("PUT", `/api/admin/knowledge/entries/${id}`, {
      cookie: adminCookie,
      body: { title: "Do you gift wrap?", content: "Yes, for 5 CNY.", tags: ["gifts", "en"], enabled: false },
    });
    assert.equal(updated.status, 200);
    assert.deepEqual(
      [updated.json.entry.title, updated.json.entry.enabled, updated.json.entry.tags],
      ["Do you gift wrap?", false, ["gifts", "en"]],
    );
    const found = await fetch(`${testEnv.url}/api/admin/knowledge/entries?q=gift`, {
      headers: { cookie: adminCookie },
    }).then((r) => r.json());
    assert.deepEqual(
      found.entries.map((e: { id: string }) => e.id),
      [id],
    );
    assert.equal((await call("DELETE", `/api/admin/knowledge/entries/${id}`, { cookie: adminCookie })).status, 204);
    assert.equal((await call("DELETE", `/api/admin/knowledge/entries/${id}`, { cookie: adminCookie })).status, 404);
  });
});
