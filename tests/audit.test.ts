import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { db, disconnectDb } from "../lib/db/client";
import { addUserToTenant } from "../lib/tenants";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;

async function call(method: string, path: string, opts: { cookie?: string; key?: string; body?: unknown } = {}) {
  const res = await fetch(`${testEnv.url}${path}`, {
    method,
    redirect: "manual",
    headers: {
      "content-type": "application/json",
      origin: testEnv.url,
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, text, json };
}

const actions = async (tenantId: string) =>
  (await db().auditEvent.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } })).map((r) => r.action);

describe("audit log of admin actions", () => {
  let a: Tenant;
  let b: Tenant;
  let adminA: string;
  let ownerA: { email: string; cookie: string };
  let ownerB: string;
  before(async () => {
    [a, b] = [await makeTenant("aud-a"), await makeTenant("aud-b")];
    adminA = await signInCookie(a.admin.email, a.admin.password);
    const email = `owner-${crypto.randomBytes(4).toString("hex")}@kefu.test`;
    await addUserToTenant(a.tenant.id, { email, name: "Olga", password: "owner-password", role: "owner" });
    ownerA = { email, cookie: await signInCookie(email, "owner-password") };
    const emailB = `owner-${crypto.randomBytes(4).toString("hex")}@kefu.test`;
    await addUserToTenant(b.tenant.id, { email: emailB, name: "Bo", password: "owner-password", role: "owner" });
    ownerB = await signInCookie(emailB, "owner-password");
  });
  after(() => disconnectDb());

  test("bot, knowledge, team, key and settings changes each leave a row naming who, from where and what; refusals leave none", async () => {
    const bot = {
      name: "Renamed",
      greeting: "Hi",
      instructions: "Short.",
      temperature: 0.3,
      maxTokens: 32,
      modelId: null,
      knowledgeBaseIds: [a.kb.id],
    };
    assert.equal((await call("PUT", `/api/admin/bots/${a.bot.id}`, { cookie: adminA, body: bot })).status, 200);
    assert.equal(
      (
        await call("POST", "/api/admin/knowledge/entries", {
          cookie: adminA,
          body: { title: "Returns", content: "30 days", knowledgeBaseId: a.kb.id },
        })
      ).status,
      201,
    );
    const member = `m-${crypto.randomBytes(4).toString("hex")}@kefu.test`;
    const added = await call("POST", "/api/admin/team", {
      cookie: adminA,
      body: { email: member, name: "Mia", role: "agent", access: "password" },
    });
    assert.ok(added.status < 300, added.text);
    const key = await call("POST", "/api/admin/api-keys", { cookie: adminA, body: { label: "crm" } });
    assert.ok(key.status < 300, key.text);
    const keyId = (await db().apiKey.findFirst({ where: { tenantId: a.tenant.id, name: "crm" } }))!.id;
    assert.equal((await call("DELETE", `/api/admin/api-keys/${keyId}`, { cookie: adminA })).status, 200);
    assert.equal(
      (await call("PUT", "/api/admin/inbox/routing", { cookie: adminA, body: { routingMode: "queue" } })).status,
      200,
    );
    assert.equal(
      (
        await call("POST", "/api/v1/knowledge/entries", {
          key: a.apiKey,
          body: { title: "Via REST", content: "c", knowledgeBaseId: a.kb.id },
        })
      ).status,
      201,
    );
    // refused: another tenant's bot, and a bad body
    assert.equal((await call("PUT", `/api/admin/bots/${b.bot.id}`, { cookie: adminA, body: bot })).status, 404);

    assert.deepEqual(await actions(a.tenant.id), [
      "bots.update",
      "knowledge.entries.create",
      "team.create",
      "api-keys.create",
      "api-keys.delete",
      "inbox.routing.update",
      "knowledge.entries.create",
    ]);
    const rows = await db().auditEvent.findMany({ where: { tenantId: a.tenant.id }, orderBy: { createdAt: "asc" } });
    assert.equal(rows[0].actorLabel, a.admin.email);
    assert.equal(rows[0].target, a.bot.id);
    assert.equal((rows[0].diff as { name: string }).name, "Renamed", "what changed");
    assert.ok(
      rows.every((r) => r.address),
      "every row has the address it came from",
    );
    assert.equal(rows[4].target, keyId);
    assert.match(rows[6].actorLabel, /^api key /);
    assert.equal(await db().auditEvent.count({ where: { tenantId: b.tenant.id } }), 0);
  });

  test("owners see the Audit page with filters; admins do not; another tenant's owner sees none of A's rows", async () => {
    const page = await call("GET", "/settings/audit", { cookie: ownerA.cookie });
    assert.equal(page.status, 200);
    assert.match(page.text, /data-testid="audit-row"/);
    assert.match(page.text, /bots\.update/);
    const filtered = await call("GET", "/settings/audit?action=api-keys", { cookie: ownerA.cookie });
    assert.match(filtered.text, /api-keys\.delete/);
    assert.doesNotMatch(filtered.text, /bots\.update/);
    const future = await call("GET", "/settings/audit?from=2999-01-01", { cookie: ownerA.cookie });
    assert.match(future.text, /data-testid="audit-empty"/);

    const admin = await call("GET", "/settings/audit", { cookie: adminA });
    assert.ok(admin.status >= 300 && admin.status < 400, `an admin is sent away (${admin.status})`);
    const other = await call("GET", "/settings/audit", { cookie: ownerB });
    assert.equal(other.status, 200);
    assert.doesNotMatch(other.text, /data-testid="audit-row"/, "B's owner sees no rows of A");

    assert.equal(
      (await call("DELETE", "/api/admin/audit", { cookie: ownerA.cookie })).status,
      404,
      "no API deletes audit rows",
    );
  });
});
