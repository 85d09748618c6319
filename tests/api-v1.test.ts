import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { appendMessage, createVisitor, openConversation } from "../lib/conversations";
import { disconnectDb } from "../lib/db/client";
import { createEntry } from "../lib/knowledge";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";

type Fixture = Awaited<ReturnType<typeof makeTenant>>;
type ApiError = { error: { code: string; message: string } };

async function api(
  path: string,
  opts: { key?: string; method?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${testEnv.url}${path}`, {
    method: opts.method ?? (opts.body !== undefined || opts.raw !== undefined ? "POST" : "GET"),
    headers,
    body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    assert.fail(`${path} answered ${res.status} with non-JSON: ${text.slice(0, 200)}`);
  }
  return { status: res.status, json };
}

/** A conversation of the tenant's bot with two visitor messages (seq 1 and 2). */
async function conversationOf(t: Fixture) {
  const visitor = await createVisitor(t.tenant.id);
  const { conversation } = await openConversation(t.tenant.id, t.bot.id, visitor.id);
  await appendMessage(t.tenant.id, { conversationId: conversation.id, role: "visitor", text: "first", clientId: "c1" });
  await appendMessage(t.tenant.id, {
    conversationId: conversation.id,
    role: "visitor",
    text: "second",
    clientId: "c2",
  });
  return conversation;
}

const ENDPOINTS: { method: string; path: (convId: string) => string; body?: unknown }[] = [
  { method: "GET", path: () => "/api/v1/bots" },
  { method: "GET", path: () => "/api/v1/knowledge/entries" },
  { method: "POST", path: () => "/api/v1/knowledge/entries", body: { title: "t", content: "c" } },
  { method: "POST", path: () => "/api/v1/knowledge/search", body: { query: "warehouse" } },
  { method: "GET", path: () => "/api/v1/conversations" },
  { method: "GET", path: (c) => `/api/v1/conversations/${c}/messages` },
  { method: "GET", path: (c) => `/api/v1/conversations/${c}` },
  { method: "GET", path: () => "/api/v1/csat" },
  { method: "GET", path: () => "/api/v1/settings/inactivity" },
  { method: "PUT", path: () => "/api/v1/settings/inactivity", body: { inactivityMinutes: 5 } },
  { method: "GET", path: () => "/api/v1/settings/retention" },
  { method: "PUT", path: () => "/api/v1/settings/retention", body: { retentionDays: 0 } },
];

describe("REST /api/v1", () => {
  let a: Fixture;
  let b: Fixture;
  let convA: { id: string };
  let convB: { id: string };
  // a word only tenant B's knowledge contains
  const secret = `quokka${Date.now().toString(36)}`;

  before(async () => {
    a = await makeTenant("apia");
    b = await makeTenant("apib");
    convA = await conversationOf(a);
    convB = await conversationOf(b);
    await createEntry(b.tenant.id, {
      knowledgeBaseId: b.kb.id,
      title: `The ${secret} programme`,
      content: `Only tenant B knows about ${secret}.`,
    });
  });
  after(() => disconnectDb());

  test("every endpoint answers 401 unauthorized without a key, with a wrong key and with a malformed header", async () => {
    for (const e of ENDPOINTS) {
      const path = e.path(convA.id);
      const variants = [{}, { key: "kefu_not-a-real-key" }, { headers: { authorization: `Basic ${a.apiKey}` } }];
      for (const v of variants) {
        const res = await api(path, { method: e.method, body: e.body, ...v });
        assert.equal(res.status, 401, `${e.method} ${path} ${JSON.stringify(v)}`);
        assert.equal((res.json as ApiError).error.code, "unauthorized");
        assert.ok((res.json as ApiError).error.message);
      }
    }
  });

  test("GET /bots lists the key's tenant's bots only", async () => {
    const res = await api("/api/v1/bots", { key: a.apiKey });
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.json.data.map((x: { id: string }) => x.id),
      [a.bot.id],
    );
    const bot = res.json.data[0];
    assert.equal(bot.name, a.bot.name);
    assert.equal(bot.publicKey, a.bot.publicKey);
    assert.equal(bot.greeting, "Hello");
    assert.deepEqual(bot.knowledgeBaseIds, [a.kb.id]);
    assert.equal(bot.tenantId, undefined, "only the schema's fields leave");
    assert.match(bot.updatedAt, /^\d{4}-\d\d-\d\dT/);
  });

  test("GET /knowledge/entries lists, filters and never shows another tenant's entries", async () => {
    const all = await api("/api/v1/knowledge/entries", { key: a.apiKey });
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.json.data.map((e: { id: string }) => e.id),
      [a.entry.id],
    );

    const byText = await api(`/api/v1/knowledge/entries?q=${encodeURIComponent(a.tenant.slug)}&limit=5`, {
      key: a.apiKey,
    });
    assert.equal(byText.json.data.length, 1);
    assert.equal((await api("/api/v1/knowledge/entries?q=nothing-like-this", { key: a.apiKey })).json.data.length, 0);

    const foreign = await api(`/api/v1/knowledge/entries?q=${secret}`, { key: a.apiKey });
    assert.deepEqual(foreign.json.data, []);
    const foreignKb = await api(`/api/v1/knowledge/entries?knowledgeBaseId=${b.kb.id}`, { key: a.apiKey });
    assert.deepEqual(foreignKb.json.data, []);

    const bad = await api("/api/v1/knowledge/entries?limit=0", { key: a.apiKey });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, "bad_request");
    assert.match(bad.json.error.message, /limit/);
  });

  test("POST /knowledge/entries creates an entry; bad input is a 400 naming the field", async () => {
    const created = await api("/api/v1/knowledge/entries", {
      key: a.apiKey,
      body: { title: "Do you ship abroad?", content: "Yes, to 40 countries.", tags: ["shipping"] },
    });
    assert.equal(created.status, 201);
    assert.equal(created.json.data.title, "Do you ship abroad?");
    assert.equal(created.json.data.knowledgeBaseId, a.kb.id);
    assert.equal(created.json.data.enabled, true);
    const listed = await api("/api/v1/knowledge/entries?q=abroad", { key: a.apiKey });
    assert.deepEqual(
      listed.json.data.map((e: { id: string }) => e.id),
      [created.json.data.id],
    );

    const emptyTitle = await api("/api/v1/knowledge/entries", { key: a.apiKey, body: { title: "  ", content: "x" } });
    assert.equal(emptyTitle.status, 400);
    assert.equal(emptyTitle.json.error.code, "bad_request");
    assert.match(emptyTitle.json.error.message, /title/);

    const wrongType = await api("/api/v1/knowledge/entries", {
      key: a.apiKey,
      body: { title: "t", content: "c", tags: "nope" },
    });
    assert.equal(wrongType.status, 400);
    assert.match(wrongType.json.error.message, /tags/);

    const malformed = await api("/api/v1/knowledge/entries", { key: a.apiKey, raw: '{"title": "t",' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json.error.code, "invalid_json");

    const huge = await api("/api/v1/knowledge/entries", {
      key: a.apiKey,
      raw: JSON.stringify({ title: "t", content: "x".repeat(1_100_000) }),
    });
    assert.equal(huge.status, 413);
    assert.equal(huge.json.error.code, "too_long");

    // another tenant's knowledge base answers like one that does not exist
    const foreignKb = await api("/api/v1/knowledge/entries", {
      key: a.apiKey,
      body: { knowledgeBaseId: b.kb.id, title: "t", content: "c" },
    });
    const missingKb = await api("/api/v1/knowledge/entries", {
      key: a.apiKey,
      body: { knowledgeBaseId: "no-such-kb", title: "t", content: "c" },
    });
    assert.equal(foreignKb.status, 404);
    assert.deepEqual(foreignKb.json, missingKb.json);
  });

  test("POST /knowledge/search finds the tenant's entries and nothing of another tenant", async () => {
    const own = await api("/api/v1/knowledge/search", {
      key: a.apiKey,
      body: { query: `Where is the ${a.tenant.slug} warehouse?`, k: 2 },
    });
    assert.equal(own.status, 200);
    assert.equal(own.json.data[0].id, a.entry.id);
    assert.ok(own.json.data[0].score > 0 && own.json.data[0].score <= 1);
    assert.ok(own.json.data.length <= 2);

    // A's own entries may match a stray token weakly; B's entry must never be among A's hits
    const foreign = await api("/api/v1/knowledge/search", { key: a.apiKey, body: { query: `${secret} programme` } });
    assert.equal(foreign.status, 200);
    assert.deepEqual(
      foreign.json.data.filter((h: { title: string; content: string }) => `${h.title} ${h.content}`.includes(secret)),
      [],
    );
    const theirs = await api("/api/v1/knowledge/search", { key: b.apiKey, body: { query: `${secret} programme` } });
    assert.equal(theirs.json.data[0].title, `The ${secret} programme`);

    const noQuery = await api("/api/v1/knowledge/search", { key: a.apiKey, body: { k: 3 } });
    assert.equal(noQuery.status, 400);
    assert.match(noQuery.json.error.message, /query/);
    const badK = await api("/api/v1/knowledge/search", { key: a.apiKey, body: { query: "x", k: 500 } });
    assert.equal(badK.status, 400);
    assert.match(badK.json.error.message, /^k:/);
    const malformed = await api("/api/v1/knowledge/search", { key: a.apiKey, raw: "not json" });
    assert.equal(malformed.json.error.code, "invalid_json");
  });

  test("GET /conversations lists the tenant's conversations, filtered by status", async () => {
    const res = await api("/api/v1/conversations", { key: a.apiKey });
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.json.data.map((c: { id: string }) => c.id),
      [convA.id],
    );
    const c = res.json.data[0];
    assert.equal(c.status, "bot");
    assert.equal(c.botName, a.bot.name);
    assert.equal(c.lastSeq, 2);
    assert.equal(c.lastMessage.text, "second");

    assert.equal((await api("/api/v1/conversations?status=bot", { key: a.apiKey })).json.data.length, 1);
    assert.equal((await api("/api/v1/conversations?status=closed", { key: a.apiKey })).json.data.length, 0);
    assert.equal((await api("/api/v1/conversations?status=", { key: a.apiKey })).json.data.length, 1);
    const bad = await api("/api/v1/conversations?status=archived", { key: a.apiKey });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error.message, /status/);
  });

  test("GET /conversations/:id/messages pages by seq; another tenant's id is a 404 like a missing one", async () => {
    const res = await api(`/api/v1/conversations/${convA.id}/messages`, { key: a.apiKey });
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.json.data.map((m: { seq: number; text: string }) => [m.seq, m.text]),
      [
        [1, "first"],
        [2, "second"],
      ],
    );
    assert.equal(res.json.data[0].clientId, "c1");
    assert.equal(res.json.data[0].role, "visitor");

    const after1 = await api(`/api/v1/conversations/${convA.id}/messages?after=1`, { key: a.apiKey });
    assert.deepEqual(
      after1.json.data.map((m: { seq: number }) => m.seq),
      [2],
    );
    const limited = await api(`/api/v1/conversations/${convA.id}/messages?limit=1`, { key: a.apiKey });
    assert.deepEqual(
      limited.json.data.map((m: { seq: number }) => m.seq),
      [1],
    );

    const foreign = await api(`/api/v1/conversations/${convB.id}/messages`, { key: a.apiKey });
    const missing = await api(`/api/v1/conversations/does-not-exist/messages`, { key: a.apiKey });
    assert.equal(foreign.status, 404);
    assert.equal(foreign.json.error.code, "not_found");
    assert.deepEqual(foreign.json, missing.json);

    const bad = await api(`/api/v1/conversations/${convA.id}/messages?after=-1`, { key: a.apiKey });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error.message, /after/);
  });

  test("tenant B's key sees B's data, never A's", async () => {
    assert.deepEqual(
      (await api("/api/v1/bots", { key: b.apiKey })).json.data.map((x: { id: string }) => x.id),
      [b.bot.id],
    );
    assert.deepEqual(
      (await api("/api/v1/conversations", { key: b.apiKey })).json.data.map((x: { id: string }) => x.id),
      [convB.id],
    );
    assert.equal((await api(`/api/v1/conversations/${convA.id}/messages`, { key: b.apiKey })).status, 404);
  });

  test("an unknown /api/v1 path is a JSON 404", async () => {
    const res = await api("/api/v1/nothing/here", { key: a.apiKey });
    assert.equal(res.status, 404);
    assert.equal(res.json.error.code, "not_found");
  });

  test("GET /openapi.json needs no key and describes every endpoint", async () => {
    const res = await api("/api/v1/openapi.json");
    assert.equal(res.status, 200);
    const doc = res.json;
    assert.equal(doc.openapi, "3.1.0");
    assert.equal(doc.components.securitySchemes.apiKey.type, "http");
    assert.equal(doc.components.securitySchemes.apiKey.scheme, "bearer");
    assert.deepEqual(doc.security, [{ apiKey: [] }]);
    const expected: [string, string][] = [
      ["/api/v1/bots", "get"],
      ["/api/v1/bots", "post"],
      ["/api/v1/bots/{id}", "get"],
      ["/api/v1/bots/{id}", "patch"],
      ["/api/v1/bots/{id}", "delete"],
      ["/api/v1/bots/{id}/duplicate", "post"],
      ["/api/v1/bots/{id}/versions", "get"],
      ["/api/v1/bots/{id}/versions/{versionId}/rollback", "post"],
      ["/api/v1/knowledge/entries", "get"],
      ["/api/v1/knowledge/entries", "post"],
      ["/api/v1/knowledge/entries/{id}", "get"],
      ["/api/v1/knowledge/entries/{id}", "patch"],
      ["/api/v1/knowledge/entries/{id}", "delete"],
      ["/api/v1/knowledge/entries/bulk", "post"],
      ["/api/v1/knowledge/imports", "post"],
      ["/api/v1/knowledge/imports/{id}", "get"],
      ["/api/v1/knowledge/bases", "get"],
      ["/api/v1/knowledge/bases", "post"],
      ["/api/v1/knowledge/search", "post"],
      ["/api/v1/analytics", "get"],
      ["/api/v1/conversations", "get"],
      ["/api/v1/conversations/{id}", "get"],
      ["/api/v1/csat", "get"],
      ["/api/v1/conversations/{id}/messages", "get"],
      ["/api/v1/conversations/{id}/messages", "post"],
      ["/api/v1/conversations/{id}/trace", "get"],
      ["/api/v1/users", "get"],
      ["/api/v1/api-keys", "get"],
      ["/api/v1/api-keys/{id}", "delete"],
      ["/api/v1/settings/inactivity", "get"],
      ["/api/v1/settings/inactivity", "put"],
      ["/api/v1/settings/retention", "get"],
      ["/api/v1/settings/retention", "put"],
      ["/api/v1/webhooks", "get"],
      ["/api/v1/webhooks", "post"],
      ["/api/v1/webhooks/{id}", "get"],
      ["/api/v1/webhooks/{id}", "patch"],
      ["/api/v1/webhooks/{id}", "delete"],
      ["/api/v1/webhooks/{id}/deliveries", "get"],
      ["/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver", "post"],
      ["/api/v1/conversations/{id}/handoff", "post"],
      ["/api/v1/conversations/{id}/assign", "post"],
      ["/api/v1/conversations/{id}/close", "post"],
      ["/api/v1/conversations/{id}/labels", "post"],
      ["/api/v1/events", "post"],
      ["/api/v1/visitors/{id}/export", "get"],
      ["/api/v1/visitors/{id}", "delete"],
      ["/api/v1/openapi.json", "get"],
    ];
    for (const [path, method] of expected) {
      const op = doc.paths[path]?.[method];
      assert.ok(op, `${method} ${path} is described`);
      assert.ok(
        Object.keys(op.responses).some((s) => s.startsWith("2")),
        `${method} ${path} has a success response`,
      );
      if (path !== "/api/v1/openapi.json") assert.ok(op.responses["401"], `${method} ${path} documents 401`);
    }
    assert.deepEqual(Object.keys(doc.paths).sort(), [...new Set(expected.map(([p]) => p))].sort());
    assert.equal(
      doc.paths["/api/v1/knowledge/entries"].post.requestBody.content["application/json"].schema.$ref,
      "#/components/schemas/KnowledgeEntryInput",
    );
    assert.deepEqual(doc.components.schemas.KnowledgeEntryInput.required, ["title", "content"]);
    assert.deepEqual(doc.components.schemas.SearchRequest.required, ["query"]);
    assert.deepEqual(doc.components.schemas.BotInput.required, ["name"]);

    // every $ref points at something the document defines
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    assert.ok(refs.length > 10);
    for (const r of refs) {
      const target = r.slice('"$ref":"'.length, -1).replace(/^#\//, "").split("/");
      assert.ok(
        target.reduce((o: any, k) => o?.[k], doc),
        `${r} resolves`,
      );
    }
  });
});
