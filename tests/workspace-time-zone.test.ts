import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db, disconnectDb } from "../lib/db/client";
import { addUserToTenant } from "../lib/tenants";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";

// The workspace's time zone: owners set it, every console time of that workspace is rendered in it, other
// workspaces keep theirs (the server's zone by default).
after(() => disconnectDb());

async function call(method: string, path: string, cookie: string, body?: unknown) {
  const res = await fetch(`${testEnv.url}${path}`, {
    method,
    headers: { "content-type": "application/json", origin: testEnv.url, cookie, "accept-language": "en" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

async function withOwner(label: string) {
  const t = await makeTenant(label);
  const email = `owner-${t.tenant.slug}@kefu.test`;
  await addUserToTenant(t.tenant.id, { email, name: "Owner", password: "owner-password", role: "owner" });
  return {
    ...t,
    owner: await signInCookie(email, "owner-password"),
    adminCookie: await signInCookie(t.admin.email, t.admin.password),
  };
}

/** The knowledge page's "updated" time of the tenant's entry, as the console rendered it, and what each zone would give. */
async function knowledgeTime(t: Awaited<ReturnType<typeof withOwner>>) {
  const html = await (
    await fetch(`${testEnv.url}/knowledge`, { headers: { cookie: t.adminCookie, "accept-language": "en" } })
  ).text();
  const { updatedAt } = await db().knowledgeEntry.findUniqueOrThrow({
    where: { id: t.entry.id },
    select: { updatedAt: true },
  });
  const inZone = (timeZone: string) =>
    new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone }).format(updatedAt);
  return { html, inZone };
}

test("an owner sets the workspace's time zone: its console times follow, another workspace's do not", async () => {
  const [a, b] = [await withOwner("tz-a"), await withOwner("tz-b")];
  const server = Intl.DateTimeFormat().resolvedOptions().timeZone;
  assert.deepEqual((await call("GET", "/api/admin/settings/time-zone", a.owner)).json, {
    timeZone: null,
    effective: server,
    server,
  });

  const put = await call("PUT", "/api/admin/settings/time-zone", a.owner, { timeZone: "Asia/Kolkata" });
  assert.equal(put.status, 200, JSON.stringify(put.json));
  assert.deepEqual(put.json, { timeZone: "Asia/Kolkata", effective: "Asia/Kolkata", server });

  // +05:30 differs from the server's zone and from China time in the minutes, so the rendered time tells which was used
  const ka = await knowledgeTime(a);
  assert.ok(ka.html.includes(ka.inZone("Asia/Kolkata")), `A's knowledge page shows ${ka.inZone("Asia/Kolkata")}`);
  const kb = await knowledgeTime(b);
  assert.ok(kb.html.includes(kb.inZone(server)), `B's page stays in the server's zone (${kb.inZone(server)})`);
  assert.ok(!kb.html.includes(kb.inZone("Asia/Kolkata")), "A's zone never reaches B");
  assert.deepEqual((await call("GET", "/api/admin/settings/time-zone", b.owner)).json.timeZone, null);

  // back to the server's zone, audited each time with the old and new value
  assert.equal((await call("PUT", "/api/admin/settings/time-zone", a.owner, { timeZone: null })).json.timeZone, null);
  const rows = await db().auditEvent.findMany({
    where: { tenantId: a.tenant.id, action: "settings.time_zone" },
    orderBy: { createdAt: "asc" },
  });
  assert.deepEqual(
    rows.map((r) => r.diff),
    [{ timeZone: { from: null, to: "Asia/Kolkata" } }, { timeZone: { from: "Asia/Kolkata", to: null } }],
  );
});

test("a zone Intl does not know is refused by name; an admin who is not an owner cannot read or change it", async () => {
  const t = await withOwner("tz-bad");
  for (const timeZone of ["Mars/Olympus", "", 5, "UTC+8; DROP"]) {
    const bad = await call("PUT", "/api/admin/settings/time-zone", t.owner, { timeZone });
    assert.equal(bad.status, 400, JSON.stringify(timeZone));
    assert.equal(bad.json.error.code, "bad_request");
    assert.match(bad.json.error.message, /timeZone/);
  }
  assert.equal(
    (await call("PUT", "/api/admin/settings/time-zone", t.adminCookie, { timeZone: "Europe/Berlin" })).status,
    403,
  );
  assert.equal((await call("GET", "/api/admin/settings/time-zone", t.adminCookie)).status, 403);
  assert.equal(
    (await db().tenant.findUniqueOrThrow({ where: { id: t.tenant.id } })).timeZone,
    null,
    "nothing refused was stored",
  );
});
