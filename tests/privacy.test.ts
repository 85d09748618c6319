import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { appendMessage, createVisitor, openConversation } from "../lib/conversations";
import { db, disconnectDb } from "../lib/db/client";
import { leaveMessage } from "../lib/answering/left-message";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { run } from "./helpers/run";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;
const kefu = (...args: string[]) => run(process.execPath, ["bin/kefu.mjs", ...args]);

async function api(path: string, key: string, method = "GET") {
  const res = await fetch(`${testEnv.url}${path}`, { method, headers: { authorization: `Bearer ${key}` } });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** A visitor with a name, an email, a conversation whose text is unique, a rating, and a left message (a conversation of its own, the first one being closed). */
async function visitorWithData(t: Tenant, externalId?: string) {
  const secret = `secret-${crypto.randomBytes(6).toString("hex")}`;
  const { id } = await createVisitor(t.tenant.id);
  const email = `${secret}@mail.test`;
  await db().visitor.update({ where: { id }, data: { name: `Name ${secret}`, email, externalId: externalId ?? null } });
  const { conversation: conv } = await openConversation(t.tenant.id, t.bot.id, id);
  await appendMessage(t.tenant.id, { conversationId: conv.id, role: "visitor", text: `my order ${secret} never came` });
  await appendMessage(t.tenant.id, { conversationId: conv.id, role: "agent", text: `sorry about ${secret}` });
  await db().conversation.update({ where: { id: conv.id }, data: { status: "closed", closedAt: new Date(), rating: 2, ratingComment: `slow ${secret}` } });
  await leaveMessage(t.tenant.id, { id: t.bot.id, name: t.bot.name }, id, { email, text: `call me about ${secret}` });
  return { visitorId: id, conversationId: conv.id, secret, email };
}

/** Every text column that can hold what a visitor wrote or who they are, searched for the marker. */
async function rowsHolding(marker: string) {
  const like = `%${marker}%`;
  const { rows } = await db().$queryRawUnsafe<{ rows: number }[]>(
    `SELECT (SELECT count(*) FROM messages WHERE text LIKE $1) + (SELECT count(*) FROM message_search WHERE text LIKE $1)
       + (SELECT count(*) FROM visitors WHERE name LIKE $1 OR email LIKE $1) + (SELECT count(*) FROM offline_messages WHERE text LIKE $1 OR email LIKE $1)
       + (SELECT count(*) FROM conversations WHERE rating_comment LIKE $1) + (SELECT count(*) FROM audit_events WHERE diff::text LIKE $1 OR target LIKE $1)
       AS rows`,
    like,
  ).then((r) => r[0] as unknown as { rows: number });
  return Number(rows);
}

describe("personal data: export and erase a visitor", () => {
  let a: Tenant;
  let b: Tenant;
  before(async () => {
    [a, b] = [await makeTenant("priv-a"), await makeTenant("priv-b")];
  });
  after(() => disconnectDb());

  test("REST export returns the profile, conversations, messages, left messages and rating; another tenant gets 404", async () => {
    const v = await visitorWithData(a);
    const res = await api(`/api/v1/visitors/${v.visitorId}/export`, a.apiKey);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const data = res.json.data;
    assert.equal(data.profile.email, v.email);
    assert.deepEqual(data.conversations[0].messages.map((m: { text: string }) => m.text), [`my order ${v.secret} never came`, `sorry about ${v.secret}`]);
    assert.equal(data.leftMessages[0].text, `call me about ${v.secret}`);
    assert.deepEqual(data.ratings, [{ conversationId: v.conversationId, rating: 2, comment: `slow ${v.secret}` }]);
    assert.ok(data.events.some((e: { event: string }) => e.event === "conversation_closed"));

    const foreign = await api(`/api/v1/visitors/${v.visitorId}/export`, b.apiKey);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.json.error.code, "not_found");
    const missing = await api("/api/v1/visitors/no-such-visitor/export", b.apiKey);
    assert.deepEqual({ ...missing.json.error, message: "" }, { ...foreign.json.error, message: "" }, "another tenant's visitor answers like a missing one");

    const audit = await db().auditEvent.findMany({ where: { tenantId: a.tenant.id, action: "visitor.export" } });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].target, `visitor:${v.visitorId}`);
    assert.ok(audit[0].address, "the audit row says from which address");
    assert.equal(await db().auditEvent.count({ where: { tenantId: b.tenant.id } }), 0, "B's refused request recorded nothing in A's log");
  });

  test("REST erase removes every row holding the visitor's text; B cannot erase A's visitor; the audit row keeps no PII", async () => {
    const v = await visitorWithData(a);
    // the inbox search index holds message text too: make sure it is filled before erasing
    await db().$executeRawUnsafe(
      `INSERT INTO message_search (message_id, tenant_id, conversation_id, text) SELECT id, tenant_id, conversation_id, text FROM messages WHERE conversation_id = $1 ON CONFLICT DO NOTHING`,
      v.conversationId,
    );
    assert.ok((await rowsHolding(v.secret)) >= 6);

    const foreign = await api(`/api/v1/visitors/${v.visitorId}`, b.apiKey, "DELETE");
    assert.equal(foreign.status, 404);
    assert.ok((await rowsHolding(v.secret)) >= 6, "B's attempt changed nothing");

    const res = await api(`/api/v1/visitors/${v.visitorId}`, a.apiKey, "DELETE");
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.deepEqual(res.json.data, { visitorId: v.visitorId, erased: true, conversations: 2, messages: 3, leftMessages: 1 });
    assert.equal(await rowsHolding(v.secret), 0, "no table holds the visitor's text, name or email any more");
    assert.equal(await db().visitor.count({ where: { id: v.visitorId } }), 0);
    assert.equal((await api(`/api/v1/visitors/${v.visitorId}/export`, a.apiKey)).status, 404);

    const [row] = await db().auditEvent.findMany({ where: { tenantId: a.tenant.id, action: "visitor.erase" } });
    assert.equal(row.target, `visitor:${v.visitorId}`);
    assert.deepEqual(row.diff, { conversations: 2, messages: 3, leftMessages: 1 });
  });

  test("kefu visitor export|erase find the visitor by the customer's own id", async () => {
    const ext = `crm-${crypto.randomBytes(4).toString("hex")}`;
    const v = await visitorWithData(a, ext);
    const out = await kefu("visitor", "export", "--tenant", a.tenant.slug, "--visitor", ext);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.json.profile.id, v.visitorId);
    assert.equal(out.json.conversations[0].messages.length, 2);
    const wrongTenant = await kefu("visitor", "erase", "--tenant", b.tenant.slug, "--visitor", ext);
    assert.equal(wrongTenant.code, 1);
    assert.match(wrongTenant.stderr, /No visitor/);
    const erased = await kefu("visitor", "erase", "--tenant", a.tenant.slug, "--visitor", ext, "--json");
    assert.equal(erased.code, 0, erased.stderr);
    assert.equal(erased.json.messages, 3);
    assert.equal(await rowsHolding(v.secret), 0);
    const actions = (await db().auditEvent.findMany({ where: { tenantId: a.tenant.id, actorId: "kefu-cli" }, orderBy: { createdAt: "asc" } })).map((r) => r.action);
    assert.deepEqual(actions, ["visitor.export", "visitor.erase"]);
  });

  test("the audit table refuses UPDATE, DELETE and TRUNCATE, even to the database's owner", async () => {
    const [row] = await db().auditEvent.findMany({ where: { tenantId: a.tenant.id }, take: 1 });
    assert.ok(row);
    await assert.rejects(db().auditEvent.update({ where: { id: row.id }, data: { action: "nothing.happened" } }), /append-only/);
    await assert.rejects(db().auditEvent.delete({ where: { id: row.id } }), /append-only/);
    await assert.rejects(db().$executeRawUnsafe(`DELETE FROM audit_events WHERE tenant_id = $1`, a.tenant.id), /append-only/);
    await assert.rejects(db().$executeRawUnsafe(`TRUNCATE audit_events`), /append-only/);
    assert.equal((await db().auditEvent.findUnique({ where: { id: row.id } }))?.action, row.action);
  });
});
