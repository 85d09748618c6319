import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { addUserToTenant } from "../lib/tenants";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectAgent } from "./helpers/sockets";
import { until } from "./helpers/until";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;

async function call(
  method: string,
  path: string,
  opts: { cookie?: string; body?: unknown; key?: string; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${testEnv.url}${path}`, {
    method,
    redirect: "manual",
    headers: {
      "content-type": "application/json",
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const email = (label: string) => `${label}-${crypto.randomBytes(4).toString("hex")}@kefu.test`;
const token = (path: string) => path.split("/").pop()!;
const signInFails = (e: string, p: string) =>
  signInCookie(e, p).then(
    () => false,
    () => true,
  );

describe("team and API keys (admin API)", () => {
  let a: Tenant;
  let b: Tenant;
  let adminA: string;
  let adminB: string;

  before(async () => {
    [a, b] = [await makeTenant("team-a"), await makeTenant("team-b")];
    [adminA, adminB] = [
      await signInCookie(a.admin.email, a.admin.password),
      await signInCookie(b.admin.email, b.admin.password),
    ];
  });
  after(() => disconnectDb());

  test("an agent added with a one-time link sets a password through it and signs in; the link works once", async () => {
    const e = email("ann");
    const added = await call("POST", "/api/admin/team", {
      cookie: adminA,
      body: { email: e, name: "Ann", role: "agent", access: "link" },
    });
    assert.equal(added.status, 201, JSON.stringify(added.json));
    assert.equal(added.json.member.status, "pending");
    assert.match(added.json.link.path, /^\/invite\/[\w-]{20,}$/);
    assert.equal(added.json.password, undefined);
    assert.ok(await signInFails(e, ""), "no password works before the link is used");

    const short = await call("POST", `/api/invite/${token(added.json.link.path)}`, { body: { password: "short" } });
    assert.equal(short.status, 400);
    assert.match(short.json.error.message, /password: at least 8/);
    const set = await call("POST", `/api/invite/${token(added.json.link.path)}`, {
      body: { password: "ann-secret-123" },
    });
    assert.equal(set.status, 200, JSON.stringify(set.json));
    assert.ok(await signInCookie(e, "ann-secret-123"));
    const again = await call("POST", `/api/invite/${token(added.json.link.path)}`, {
      body: { password: "taken-over-123" },
    });
    assert.equal(again.status, 410);
    assert.equal(again.json.error.code, "link_expired");
    assert.ok(await signInFails(e, "taken-over-123"));

    const team = await call("GET", "/api/admin/team", { cookie: adminA });
    const ann = team.json.members.find((m: { email: string }) => m.email === e);
    assert.equal(ann.status, "active");
    assert.ok(ann.lastSeenAt, "signing in is seen");
  });

  test("a generated password is shown once and works; a duplicate email is refused and changes nothing", async () => {
    const e = email("bob");
    const added = await call("POST", "/api/admin/team", {
      cookie: adminA,
      body: { email: e, name: "Bob", role: "agent", access: "password" },
    });
    assert.equal(added.status, 201);
    assert.ok(added.json.password.length >= 12);
    assert.ok(await signInCookie(e, added.json.password));

    const before = (await call("GET", "/api/admin/team", { cookie: adminA })).json.members.length;
    const dup = await call("POST", "/api/admin/team", {
      cookie: adminA,
      body: { email: e.toUpperCase(), name: "Bob 2", role: "admin", access: "password" },
    });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.error.code, "email_taken");
    const otherTenant = await call("POST", "/api/admin/team", {
      cookie: adminB,
      body: { email: e, name: "Bob", role: "agent" },
    });
    assert.equal(otherTenant.status, 409);
    assert.equal((await call("GET", "/api/admin/team", { cookie: adminA })).json.members.length, before);
    assert.ok(await signInCookie(e, added.json.password), "the first account is untouched");

    const bad = await call("POST", "/api/admin/team", {
      cookie: adminA,
      body: { email: "not-an-email", name: "", role: "boss" },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error.message, /email/);
    const long = await call("POST", "/api/admin/team", {
      cookie: adminA,
      body: { email: email("long"), name: "x".repeat(101), role: "agent" },
    });
    assert.equal(long.status, 400);
    assert.match(long.json.error.message, /name: at most 100 characters/);
  });

  test("owners: an admin cannot make or touch one; the last owner cannot be demoted or deactivated", async () => {
    const t = await makeTenant("team-own");
    const ownerPw = "owner-password-1";
    const owner = await addUserToTenant(t.tenant.id, {
      email: email("own"),
      name: "Olga",
      password: ownerPw,
      role: "owner",
    });
    const ownerCookie = await signInCookie(owner.email, ownerPw);
    const admin = await signInCookie(t.admin.email, t.admin.password);

    const promote = await call("PATCH", `/api/admin/team/${t.admin.id}`, { cookie: admin, body: { role: "owner" } });
    assert.equal(promote.status, 403);
    const addOwner = await call("POST", "/api/admin/team", {
      cookie: admin,
      body: { email: email("x"), name: "X", role: "owner" },
    });
    assert.equal(addOwner.status, 403);
    for (const body of [{ role: "agent" }, { active: false }]) {
      const r = await call("PATCH", `/api/admin/team/${owner.id}`, { cookie: admin, body });
      assert.equal(r.status, 403, JSON.stringify(body));
    }
    const reset = await call("POST", `/api/admin/team/${owner.id}/password`, {
      cookie: admin,
      body: { access: "password" },
    });
    assert.equal(reset.status, 403, "an admin must not take over an owner's login");

    for (const body of [{ role: "admin" }, { active: false }]) {
      const r = await call("PATCH", `/api/admin/team/${owner.id}`, { cookie: ownerCookie, body });
      assert.equal(r.status, 409, JSON.stringify(body));
      assert.equal(r.json.error.code, "last_owner");
      assert.match(r.json.error.message, /last owner/);
    }
    const stillOwner = (await call("GET", "/api/admin/team", { cookie: ownerCookie })).json.members.find(
      (m: { id: string }) => m.id === owner.id,
    );
    assert.equal(stillOwner.role, "owner");

    assert.equal(
      (await call("PATCH", `/api/admin/team/${t.admin.id}`, { cookie: ownerCookie, body: { role: "owner" } })).status,
      200,
    );
    const demoted = await call("PATCH", `/api/admin/team/${owner.id}`, {
      cookie: ownerCookie,
      body: { role: "admin" },
    });
    assert.equal(demoted.status, 200, "with a second owner the first may step down");
    assert.equal(demoted.json.member.role, "admin");
  });

  test("deactivating ends the member's session and live socket at once; reactivating lets them sign in again", async () => {
    const e = email("dee");
    const pw = (
      await call("POST", "/api/admin/team", {
        cookie: adminA,
        body: { email: e, name: "Dee", role: "agent", access: "password" },
      })
    ).json;
    const cookie = await signInCookie(e, pw.password);
    assert.equal((await call("GET", "/api/admin/canned", { cookie })).status, 200);
    const socket = await connectAgent(cookie);
    let disconnected = false;
    socket.on("disconnect", () => (disconnected = true));

    const off = await call("PATCH", `/api/admin/team/${pw.member.id}`, { cookie: adminA, body: { active: false } });
    assert.equal(off.status, 200);
    assert.equal(off.json.member.status, "deactivated");
    assert.equal((await call("GET", "/api/admin/canned", { cookie })).status, 401);
    await until(() => disconnected, "the open socket is closed", 5000);
    await assert.rejects(connectAgent(cookie), /Sign in first/);
    assert.ok(await signInFails(e, pw.password));
    const self = await call("PATCH", `/api/admin/team/${a.admin.id}`, { cookie: adminA, body: { active: false } });
    assert.equal(self.status, 403);

    assert.equal(
      (await call("PATCH", `/api/admin/team/${pw.member.id}`, { cookie: adminA, body: { active: true, maxChats: 2 } }))
        .status,
      200,
    );
    assert.equal((await call("GET", "/api/admin/canned", { cookie })).status, 401, "the old session stays ended");
    const again = await signInCookie(e, pw.password);
    assert.equal((await call("GET", "/api/admin/canned", { cookie: again })).status, 200);
    const limits = await call("GET", "/api/admin/inbox/agents", { cookie: adminA });
    assert.equal(limits.json.agents.find((x: { email: string }) => x.email === e).maxChats, 2);
  });

  test("a password reset ends the old password and sessions; the new link or password works", async () => {
    const e = email("rae");
    const pw = (
      await call("POST", "/api/admin/team", {
        cookie: adminA,
        body: { email: e, name: "Rae", role: "agent", access: "password" },
      })
    ).json;
    const cookie = await signInCookie(e, pw.password);
    const reset = await call("POST", `/api/admin/team/${pw.member.id}/password`, {
      cookie: adminA,
      body: { access: "link" },
    });
    assert.equal(reset.status, 200);
    assert.equal((await call("GET", "/api/admin/canned", { cookie })).status, 401);
    assert.ok(await signInFails(e, pw.password));
    assert.equal(
      (await call("POST", `/api/invite/${token(reset.json.link.path)}`, { body: { password: "rae-new-secret" } }))
        .status,
      200,
    );
    assert.ok(await signInCookie(e, "rae-new-secret"));

    const generated = await call("POST", `/api/admin/team/${pw.member.id}/password`, {
      cookie: adminA,
      body: { access: "password" },
    });
    assert.ok(await signInFails(e, "rae-new-secret"));
    assert.ok(await signInCookie(e, generated.json.password));
  });

  test("API keys: created with a label and shown once, listed by prefix with the last use, revoked → 401 at once", async () => {
    const bad = await call("POST", "/api/admin/api-keys", { cookie: adminA, body: { label: "  " } });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error.message, /label/);
    const made = await call("POST", "/api/admin/api-keys", { cookie: adminA, body: { label: "CRM sync" } });
    assert.equal(made.status, 201);
    const key: string = made.json.key.key;
    assert.ok(key.startsWith(made.json.key.prefix));

    assert.equal((await call("GET", "/api/v1/bots", { key })).status, 200);
    let listed: { id: string; name: string; prefix: string; lastUsedAt: string | null; key?: string } | undefined;
    async function refresh() {
      listed = (await call("GET", "/api/admin/api-keys", { cookie: adminA })).json.keys.find(
        (k: { id: string }) => k.id === made.json.key.id,
      );
    }
    for (let i = 0; i < 20 && !listed?.lastUsedAt; i++)
      await refresh().then(() => new Promise((r) => setTimeout(r, 100)));
    assert.equal(listed?.name, "CRM sync");
    assert.equal(listed?.key, undefined, "the key itself is never listed");
    assert.ok(listed?.lastUsedAt);

    const revoked = await call("DELETE", `/api/admin/api-keys/${made.json.key.id}`, { cookie: adminA });
    assert.equal(revoked.status, 200);
    const refused = await call("GET", "/api/v1/bots", { key });
    assert.equal(refused.status, 401);
    assert.equal(refused.json.error.code, "unauthorized");
    assert.equal((await call("DELETE", `/api/admin/api-keys/${made.json.key.id}`, { cookie: adminA })).status, 404);
    const after = (await call("GET", "/api/admin/api-keys", { cookie: adminA })).json.keys;
    assert.ok(!after.some((k: { id: string }) => k.id === made.json.key.id));
  });

  test("tenant isolation: another tenant's member or key answers 404 and stays as it was; lists hold only your own", async () => {
    const teamB = await call("GET", "/api/admin/team", { cookie: adminB });
    assert.ok(!teamB.json.members.some((m: { email: string }) => m.email === a.admin.email));
    for (const [method, path, body] of [
      ["PATCH", `/api/admin/team/${a.admin.id}`, { active: false }],
      ["PATCH", `/api/admin/team/${a.admin.id}`, { role: "agent" }],
      ["POST", `/api/admin/team/${a.admin.id}/password`, { access: "password" }],
    ] as const) {
      const r = await call(method, path, { cookie: adminB, body });
      assert.equal(r.status, 404, `${method} ${path}`);
    }
    assert.equal(
      (await call("PATCH", `/api/admin/team/no-such-user`, { cookie: adminB, body: { active: false } })).status,
      404,
    );
    assert.ok(await signInCookie(a.admin.email, a.admin.password), "A's admin is untouched");

    const keysB = (await call("GET", "/api/admin/api-keys", { cookie: adminB })).json.keys;
    const keysA = (await call("GET", "/api/admin/api-keys", { cookie: adminA })).json.keys;
    assert.ok(keysA.length > 0);
    assert.ok(!keysB.some((k: { id: string }) => keysA.some((x: { id: string }) => x.id === k.id)));
    const aKey = keysA.find((k: { name: string }) => k.name === "tests");
    assert.equal((await call("DELETE", `/api/admin/api-keys/${aKey.id}`, { cookie: adminB })).status, 404);
    assert.equal((await call("GET", "/api/v1/bots", { key: a.apiKey })).status, 200, "A's key still works");
  });

  test("a page of another site (even the same site on another port) cannot change the team or keys with the admin's cookie", async () => {
    const e = email("csrf");
    const before = (await call("GET", "/api/admin/team", { cookie: adminA })).json.members.length;
    for (const headers of [{ "sec-fetch-site": "same-site" }, { origin: "http://localhost:1" }] as Record<
      string,
      string
    >[]) {
      const add = await call("POST", "/api/admin/team", {
        cookie: adminA,
        headers,
        body: { email: e, name: "Evil", role: "admin", access: "password" },
      });
      assert.equal(add.status, 403, JSON.stringify(headers));
      const off = await call("PATCH", `/api/admin/team/${a.admin.id}`, {
        cookie: adminA,
        headers,
        body: { role: "agent" },
      });
      assert.equal(off.status, 403);
      const key = await call("POST", "/api/admin/api-keys", { cookie: adminA, headers, body: { label: "evil" } });
      assert.equal(key.status, 403);
    }
    assert.equal((await call("GET", "/api/admin/team", { cookie: adminA })).json.members.length, before);
    const same = await call("POST", "/api/admin/api-keys", {
      cookie: adminA,
      headers: { "sec-fetch-site": "same-origin", origin: testEnv.url },
      body: { label: "ok" },
    });
    assert.equal(same.status, 201, "the console itself is let through");
  });

  test("agents cannot manage the team or keys", async () => {
    const e = email("agt");
    const made = (
      await call("POST", "/api/admin/team", {
        cookie: adminA,
        body: { email: e, name: "Agt", role: "agent", access: "password" },
      })
    ).json;
    const cookie = await signInCookie(e, made.password);
    for (const [method, path] of [
      ["GET", "/api/admin/team"],
      ["GET", "/api/admin/api-keys"],
      ["POST", "/api/admin/api-keys"],
    ] as const) {
      assert.equal(
        (await call(method, path, { cookie, body: method === "POST" ? { label: "x" } : undefined })).status,
        403,
        path,
      );
    }
  });
});
