import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { appendMessage, createVisitor, openConversation } from "../lib/conversations";
import { db, disconnectDb } from "../lib/db/client";
import { sweepRetention } from "../lib/privacy/retention";
import { leaveMessage } from "../lib/answering/left-message";
import { recordEmailReply } from "../lib/conversations/left-message";
import { addUserToTenant } from "../lib/tenants";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { run } from "./helpers/run";

const kefu = (...args: string[]) => run(process.execPath, ["bin/kefu.mjs", ...args]);
const DAY = 86_400_000;

type Tenant = Awaited<ReturnType<typeof makeTenant>>;
async function conversation(t: Tenant, state: { closedDaysAgo?: number; createdDaysAgo?: number }) {
  const { id: visitorId } = await createVisitor(t.tenant.id);
  const { conversation: c } = await openConversation(t.tenant.id, t.bot.id, visitorId);
  await appendMessage(t.tenant.id, { conversationId: c.id, role: "visitor", text: "hello" });
  const data =
    state.closedDaysAgo !== undefined
      ? {
          status: "closed",
          closedAt: new Date(Date.now() - state.closedDaysAgo * DAY),
          createdAt: new Date(Date.now() - (state.closedDaysAgo + 1) * DAY),
        }
      : { createdAt: new Date(Date.now() - (state.createdDaysAgo ?? 0) * DAY) };
  await db().conversation.update({ where: { id: c.id }, data });
  return c.id;
}
const exists = async (id: string) => (await db().conversation.count({ where: { id } })) === 1;

describe("retention: closed conversations past the workspace's period are deleted", () => {
  test("kefu tenant retention sets the period (audited); the sweep deletes only closed conversations older than it, in that workspace only", async () => {
    const [a, b] = [await makeTenant("ret-a"), await makeTenant("ret-b")];
    const set = await kefu("tenant", "retention", "--tenant", a.tenant.slug, "--days", "30", "--json");
    assert.equal(set.code, 0, set.stderr);
    const [audit] = await db().auditEvent.findMany({ where: { tenantId: a.tenant.id, action: "settings.retention" } });
    assert.deepEqual(audit.diff, { retentionDays: { from: 0, to: 30 } });
    const bad = await kefu("tenant", "retention", "--tenant", a.tenant.slug, "--days", "-3");
    assert.equal(bad.code, 2);
    // Kefu's own check, not node's "argument is ambiguous"
    assert.match(bad.stderr, /--days must be a whole number of days \(got "-3"\)/);

    const oldClosed = await conversation(a, { closedDaysAgo: 40 });
    const recentClosed = await conversation(a, { closedDaysAgo: 5 });
    const oldOpen = await conversation(a, { createdDaysAgo: 90 });
    const keptByB = await conversation(b, { closedDaysAgo: 400 }); // B keeps for ever (0)

    // two servers sweeping at once: one does the work, the other skips the round; nothing fails
    const results = await Promise.all([sweepRetention(), sweepRetention()]);
    assert.ok(
      results.some((r) => r && r.conversations >= 1),
      JSON.stringify(results),
    );

    assert.equal(await exists(oldClosed), false, "closed 40 days ago with a 30-day period: deleted");
    assert.equal(await db().message.count({ where: { conversationId: oldClosed } }), 0, "with its messages");
    assert.equal(await exists(recentClosed), true);
    assert.equal(await exists(oldOpen), true, "an open conversation is never swept");
    assert.equal(await exists(keptByB), true, "another workspace's period does not apply");
    assert.equal(
      await db().auditEvent.count({ where: { tenantId: a.tenant.id } }),
      1,
      "the sweep leaves the audit log alone",
    );
  });

  test("a swept conversation takes its left message and the email replies to it along", async () => {
    const t = await makeTenant("ret-left");
    const { id: visitorId } = await createVisitor(t.tenant.id);
    await leaveMessage(t.tenant.id, { id: t.bot.id, name: t.bot.name }, visitorId, {
      email: "left@mail.test",
      text: "call me back",
    });
    const conv = await db().conversation.findFirstOrThrow({
      where: { tenantId: t.tenant.id, visitorId },
      select: { id: true },
    });
    await recordEmailReply(t.tenant.id, t.admin.id, { conversationId: conv.id, text: "we called" });
    await db().conversation.update({
      where: { id: conv.id },
      data: { status: "closed", closedAt: new Date(Date.now() - 10 * DAY) },
    });
    await db().tenant.update({ where: { id: t.tenant.id }, data: { retentionDays: 7 } });
    for (let i = 0; i < 5 && (await exists(conv.id)); i++) await sweepRetention();
    assert.equal(await exists(conv.id), false);
    assert.equal(
      await db().offlineMessage.count({ where: { tenantId: t.tenant.id } }),
      0,
      "the left message went with its conversation",
    );
    assert.equal(await db().emailReply.count({ where: { tenantId: t.tenant.id } }), 0, "and the answer to it");
  });
});

async function call(method: string, path: string, auth: { key?: string; cookie?: string }, body?: unknown) {
  const res = await fetch(`${testEnv.url}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      origin: testEnv.url,
      ...(auth.key ? { authorization: `Bearer ${auth.key}` } : {}),
      ...(auth.cookie ? { cookie: auth.cookie } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

describe("retention over REST and the owners' console route", () => {
  after(() => disconnectDb());

  test("GET/PUT /api/v1/settings/retention: in the key's workspace only, audited once with the old and new value, bad values refused by name", async () => {
    const [a, b] = [await makeTenant("retapi-a"), await makeTenant("retapi-b")];
    assert.deepEqual((await call("GET", "/api/v1/settings/retention", { key: a.apiKey })).json, {
      data: { retentionDays: 0 },
    });
    const put = await call("PUT", "/api/v1/settings/retention", { key: a.apiKey }, { retentionDays: 180 });
    assert.equal(put.status, 200, JSON.stringify(put.json));
    assert.deepEqual(put.json, { data: { retentionDays: 180 } });
    assert.deepEqual((await call("GET", "/api/v1/settings/retention", { key: a.apiKey })).json.data, {
      retentionDays: 180,
    });
    assert.deepEqual(
      (await call("GET", "/api/v1/settings/retention", { key: b.apiKey })).json.data,
      { retentionDays: 0 },
      "B's period is B's own",
    );
    assert.equal(
      (await call("PUT", "/api/v1/settings/retention", { key: b.apiKey }, { retentionDays: 1 })).status,
      200,
    );
    assert.equal(
      (await db().tenant.findUniqueOrThrow({ where: { id: a.tenant.id } })).retentionDays,
      180,
      "B's key did not change A",
    );

    for (const [body, field] of [
      [{ retentionDays: -1 }, /0 \(keep for ever\) or more/],
      [{ retentionDays: 1.5 }, /whole number/],
      [{ retentionDays: "30" }, /whole number of days/],
      [{ retentionDays: 40_000 }, /at most 36500/],
      [{}, /retentionDays/],
    ] as const) {
      const bad = await call("PUT", "/api/v1/settings/retention", { key: a.apiKey }, body);
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.equal(bad.json.error.code, "bad_request");
      assert.match(bad.json.error.message, field);
    }
    assert.equal(
      (await db().tenant.findUniqueOrThrow({ where: { id: a.tenant.id } })).retentionDays,
      180,
      "refused values changed nothing",
    );

    const rows = await db().auditEvent.findMany({ where: { tenantId: a.tenant.id }, orderBy: { createdAt: "asc" } });
    assert.deepEqual(
      rows.map((r) => r.action),
      ["settings.retention"],
      "one row per change, none for reads or refusals",
    );
    assert.deepEqual(rows[0].diff, { retentionDays: { from: 0, to: 180 } });
    assert.match(rows[0].actorLabel, /^api key /);
    assert.ok(rows[0].address);
    assert.equal(await db().auditEvent.count({ where: { tenantId: b.tenant.id, action: "settings.retention" } }), 1);
  });

  test("/api/admin/settings/retention is for owners: the owner's change is audited under their email; an admin is refused", async () => {
    const t = await makeTenant("retadm");
    const email = `owner-${t.tenant.slug}@kefu.test`;
    await addUserToTenant(t.tenant.id, { email, name: "Owner", password: "owner-password", role: "owner" });
    const owner = await signInCookie(email, "owner-password");
    const admin = await signInCookie(t.admin.email, t.admin.password);
    assert.equal(
      (await call("PUT", "/api/admin/settings/retention", { cookie: admin }, { retentionDays: 3 })).status,
      403,
    );
    assert.equal((await call("GET", "/api/admin/settings/retention", { cookie: admin })).status, 403);
    const put = await call("PUT", "/api/admin/settings/retention", { cookie: owner }, { retentionDays: 30 });
    assert.deepEqual(put.json, { retentionDays: 30 });
    const [row] = await db().auditEvent.findMany({ where: { tenantId: t.tenant.id } });
    assert.equal(row.action, "settings.retention");
    assert.equal(row.actorLabel, email);
    assert.deepEqual(row.diff, { retentionDays: { from: 0, to: 30 } });
  });
});
