import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { createApiKey } from "../lib/tenants/api-keys";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;

async function api(path: string, key: string, method = "GET") {
  const res = await fetch(`${testEnv.url}${path}`, { method, headers: { authorization: `Bearer ${key}` } });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

describe("REST v1: users and API keys", () => {
  let a: Tenant;
  let b: Tenant;
  before(async () => {
    [a, b] = [await makeTenant("rest-team-a"), await makeTenant("rest-team-b")];
  });
  after(() => disconnectDb());

  test("GET /users and /api-keys list only the key's tenant, without any secret", async () => {
    const users = await api("/api/v1/users", a.apiKey);
    assert.equal(users.status, 200);
    assert.deepEqual(
      users.json.data.map((u: { email: string; role: string; status: string }) => [u.email, u.role, u.status]),
      [[a.admin.email, "admin", "active"]],
    );
    assert.ok(!JSON.stringify(users.json).includes("password"));

    let keys = await api("/api/v1/api-keys", a.apiKey);
    assert.equal(keys.status, 200);
    // the last use is written after the answer, at most once a minute: the requests above are one
    for (let i = 0; i < 50 && !keys.json.data[0].lastUsedAt; i++) {
      await new Promise((r) => setTimeout(r, 100));
      keys = await api("/api/v1/api-keys", a.apiKey);
    }
    assert.deepEqual(
      keys.json.data.map((k: { name: string }) => k.name),
      ["tests"],
    );
    assert.ok(a.apiKey.startsWith(keys.json.data[0].prefix));
    assert.ok(!JSON.stringify(keys.json).includes(a.apiKey));
    assert.ok(keys.json.data[0].lastUsedAt);
  });

  test("DELETE /api-keys/{id}: another key of the tenant stops at once; the key in use and another tenant's key are refused and keep working", async () => {
    const spare = await createApiKey(a.tenant.id, "spare");
    const revoked = await api(`/api/v1/api-keys/${spare.id}`, a.apiKey, "DELETE");
    assert.equal(revoked.status, 200);
    assert.deepEqual(revoked.json.data, { id: spare.id, revoked: true });
    assert.equal((await api("/api/v1/bots", spare.key)).status, 401);

    const self = (await api("/api/v1/api-keys", a.apiKey)).json.data.find((k: { name: string }) => k.name === "tests");
    const own = await api(`/api/v1/api-keys/${self.id}`, a.apiKey, "DELETE");
    assert.equal(own.status, 409);
    assert.equal(own.json.error.code, "conflict");
    assert.match(own.json.error.message, /the key making this request/);
    assert.equal((await api("/api/v1/bots", a.apiKey)).status, 200);

    const foreign = await api(`/api/v1/api-keys/${self.id}`, b.apiKey, "DELETE");
    assert.equal(foreign.status, 404);
    assert.equal(foreign.json.error.code, "not_found");
    assert.equal((await api("/api/v1/bots", a.apiKey)).status, 200);
    assert.equal((await api("/api/v1/users", b.apiKey)).json.data.length, 1);
  });
});
