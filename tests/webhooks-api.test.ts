// Issue 14 point 4 on the suite's server (no KEFU_WEBHOOKS_ALLOW_PRIVATE): private URLs refused, CRUD, tenant isolation.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createVisitor, openConversation } from "../lib/conversations";
import { disconnectDb } from "../lib/db/client";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";

type Fixture = Awaited<ReturnType<typeof makeTenant>>;

async function api(key: string, p: string, body?: unknown, method = body === undefined ? "GET" : "POST") {
  const res = await fetch(`${testEnv.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

// a public address (nothing answers it from this offline machine: deliveries stay pending, which is all we need)
const PUBLIC_URL = "http://93.184.215.14/kefu-hook";

describe("REST /api/v1/webhooks", () => {
  let a: Fixture;
  let b: Fixture;
  before(async () => {
    a = await makeTenant("wha");
    b = await makeTenant("whb");
  });
  after(disconnectDb);

  test("private, loopback and link-local URLs are refused with a 400 naming the address", async () => {
    for (const url of [
      "http://127.0.0.1:9/x",
      "http://localhost:9/x",
      "http://10.1.2.3/x",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/x",
    ]) {
      const res = await api(a.apiKey, "/api/v1/webhooks", { url, events: ["message.created"] });
      assert.equal(res.status, 400, url);
      assert.equal(res.json.error.code, "bad_request");
      assert.match(res.json.error.message, /private, loopback or link-local/, url);
    }
    const badEvent = await api(a.apiKey, "/api/v1/webhooks", { url: PUBLIC_URL, events: ["message.deleted"] });
    assert.equal(badEvent.status, 400);
    assert.match(badEvent.json.error.message, /events/);
    assert.equal((await api(a.apiKey, "/api/v1/webhooks")).json.data.length, 0, "nothing refused was stored");
  });

  test("a tenant manages its own webhooks; another tenant's answer 404 and its events stay its own", async () => {
    const created = await api(a.apiKey, "/api/v1/webhooks", { url: PUBLIC_URL, events: ["conversation.created"] });
    assert.equal(created.status, 201);
    const id = created.json.data.id;
    const hookB = await api(b.apiKey, "/api/v1/webhooks", { url: `${PUBLIC_URL}/b`, events: ["conversation.created"] });
    assert.equal(hookB.status, 201);

    assert.deepEqual(
      (await api(b.apiKey, "/api/v1/webhooks")).json.data.map((w: any) => w.id),
      [hookB.json.data.id],
    );
    assert.equal((await api(b.apiKey, `/api/v1/webhooks/${id}`)).status, 404);
    assert.equal((await api(b.apiKey, `/api/v1/webhooks/${id}`, { active: false }, "PATCH")).status, 404);
    assert.equal((await api(b.apiKey, `/api/v1/webhooks/${id}`, undefined, "DELETE")).status, 404);
    assert.equal(
      (await api(a.apiKey, `/api/v1/webhooks/${id}`)).json.data.active,
      true,
      "B's attempts changed nothing",
    );

    const visitor = await createVisitor(a.tenant.id);
    const { conversation } = await openConversation(a.tenant.id, a.bot.id, visitor.id);
    const logA = async () => (await api(a.apiKey, `/api/v1/webhooks/${id}/deliveries`)).json.data as any[];
    const deliveries = await logA();
    assert.deepEqual(
      deliveries.map((d) => [d.event, d.conversationId]),
      [["conversation.created", conversation.id]],
    );
    assert.deepEqual(
      (await api(b.apiKey, `/api/v1/webhooks/${hookB.json.data.id}/deliveries`)).json.data,
      [],
      "B's webhook got none of A's events",
    );
    assert.equal((await api(b.apiKey, `/api/v1/webhooks/${id}/deliveries`)).status, 404);

    const patched = await api(
      a.apiKey,
      `/api/v1/webhooks/${id}`,
      { events: ["conversation.closed"], active: false },
      "PATCH",
    );
    assert.deepEqual([patched.json.data.events, patched.json.data.active], [["conversation.closed"], false]);
    assert.equal((await api(a.apiKey, `/api/v1/webhooks/${id}`, { url: "http://192.168.1.1/x" }, "PATCH")).status, 400);
    assert.equal((await api(a.apiKey, `/api/v1/webhooks/${id}`, undefined, "DELETE")).status, 200);
    assert.equal((await api(a.apiKey, `/api/v1/webhooks/${id}`)).status, 404);
  });

  test("the OpenAPI document describes the webhook, action and event endpoints", async () => {
    const doc = (await (await fetch(`${testEnv.url}/api/v1/openapi.json`)).json()) as any;
    for (const p of [
      "/api/v1/webhooks",
      "/api/v1/webhooks/{id}",
      "/api/v1/webhooks/{id}/deliveries",
      "/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver",
    ]) {
      assert.ok(doc.paths[p], p);
    }
    assert.ok(doc.components.schemas.WebhookDelivery);
    for (const p of [
      "/api/v1/conversations/{id}/handoff",
      "/api/v1/conversations/{id}/assign",
      "/api/v1/conversations/{id}/close",
      "/api/v1/conversations/{id}/labels",
      "/api/v1/events",
    ]) {
      assert.ok(doc.paths[p]?.post, p);
    }
    assert.ok(doc.paths["/api/v1/conversations/{id}/messages"].post);
  });
});
