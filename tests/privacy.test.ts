import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { appendMessage, createVisitor, openConversation } from "../lib/conversations";
import { db, disconnectDb } from "../lib/db/client";
import { leaveMessage } from "../lib/answering/left-message";
import { recordEmailReply } from "../lib/conversations/left-message";
import { forgetSubscriptions } from "../lib/webhooks/publish";
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
  await db().conversation.update({
    where: { id: conv.id },
    data: { status: "closed", closedAt: new Date(), rating: 2, ratingComment: `slow ${secret}` },
  });
  await leaveMessage(t.tenant.id, { id: t.bot.id, name: t.bot.name }, id, { email, text: `call me about ${secret}` });
  return { visitorId: id, conversationId: conv.id, secret, email };
}

/** Every text column that can hold what a visitor wrote or who they are, searched for the marker. */
async function rowsHolding(marker: string) {
  const like = `%${marker}%`;
  const { rows } = await db()
    .$queryRawUnsafe<{ rows: number }[]>(
      `SELECT (SELECT count(*) FROM messages WHERE text LIKE $1) + (SELECT count(*) FROM message_search WHERE text LIKE $1)
       + (SELECT count(*) FROM visitors WHERE name LIKE $1 OR email LIKE $1) + (SELECT count(*) FROM offline_messages WHERE text LIKE $1 OR email LIKE $1)
       + (SELECT count(*) FROM conversations WHERE rating_comment LIKE $1) + (SELECT count(*) FROM audit_events WHERE diff::text LIKE $1 OR target LIKE $1)
       + (SELECT count(*) FROM customer_events WHERE title LIKE $1 OR data::text LIKE $1) + (SELECT count(*) FROM email_replies WHERE text LIKE $1 OR to_email LIKE $1)
       + (SELECT count(*) FROM webhook_deliveries WHERE payload::text LIKE $1)
       AS rows`,
      like,
    )
    .then((r) => r[0] as unknown as { rows: number });
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
    assert.deepEqual(
      data.conversations[0].messages.map((m: { text: string }) => m.text),
      [`my order ${v.secret} never came`, `sorry about ${v.secret}`],
    );
    assert.equal(data.leftMessages[0].text, `call me about ${v.secret}`);
    assert.deepEqual(data.ratings, [{ conversationId: v.conversationId, rating: 2, comment: `slow ${v.secret}` }]);
    assert.ok(data.events.some((e: { event: string }) => e.event === "conversation_closed"));

    const foreign = await api(`/api/v1/visitors/${v.visitorId}/export`, b.apiKey);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.json.error.code, "not_found");
    const missing = await api("/api/v1/visitors/no-such-visitor/export", b.apiKey);
    assert.deepEqual(
      { ...missing.json.error, message: "" },
      { ...foreign.json.error, message: "" },
      "another tenant's visitor answers like a missing one",
    );

    const audit = await db().auditEvent.findMany({ where: { tenantId: a.tenant.id, action: "visitor.export" } });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].target, `visitor:${v.visitorId}`);
    assert.ok(audit[0].address, "the audit row says from which address");
    assert.equal(
      await db().auditEvent.count({ where: { tenantId: b.tenant.id } }),
      0,
      "B's refused request recorded nothing in A's log",
    );
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
    assert.deepEqual(res.json.data, {
      visitorId: v.visitorId,
      erased: true,
      conversations: 2,
      messages: 3,
      leftMessages: 1,
      emailReplies: 0,
      customerEvents: 0,
    });
    assert.equal(await rowsHolding(v.secret), 0, "no table holds the visitor's text, name or email any more");
    assert.equal(await db().visitor.count({ where: { id: v.visitorId } }), 0);
    assert.equal((await api(`/api/v1/visitors/${v.visitorId}/export`, a.apiKey)).status, 404);

    const [row] = await db().auditEvent.findMany({ where: { tenantId: a.tenant.id, action: "visitor.erase" } });
    assert.equal(row.target, `visitor:${v.visitorId}`);
    assert.deepEqual(row.diff, { conversations: 2, messages: 3, leftMessages: 1, emailReplies: 0, customerEvents: 0 });
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
    const actions = (
      await db().auditEvent.findMany({
        where: { tenantId: a.tenant.id, actorId: "kefu-cli" },
        orderBy: { createdAt: "asc" },
      })
    ).map((r) => r.action);
    assert.deepEqual(actions, ["visitor.export", "visitor.erase"]);
  });

  test("the audit table refuses UPDATE, DELETE and TRUNCATE, even to the database's owner", async () => {
    const [row] = await db().auditEvent.findMany({ where: { tenantId: a.tenant.id }, take: 1 });
    assert.ok(row);
    await assert.rejects(
      db().auditEvent.update({ where: { id: row.id }, data: { action: "nothing.happened" } }),
      /append-only/,
    );
    await assert.rejects(db().auditEvent.delete({ where: { id: row.id } }), /append-only/);
    await assert.rejects(
      db().$executeRawUnsafe(`DELETE FROM audit_events WHERE tenant_id = $1`, a.tenant.id),
      /append-only/,
    );
    await assert.rejects(db().$executeRawUnsafe(`TRUNCATE audit_events`), /append-only/);
    assert.equal((await db().auditEvent.findUnique({ where: { id: row.id } }))?.action, row.action);
  });

  test("customer events (POST /api/v1/events) and the email replies to a left message are exported, then erased with the visitor", async () => {
    const ext = `crm-${crypto.randomBytes(4).toString("hex")}`;
    const v = await visitorWithData(a, ext);
    const sent = await fetch(`${testEnv.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${a.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        visitorExternalId: ext,
        type: "order.placed",
        title: `Order ${v.secret}`,
        data: { address: `street ${v.secret}` },
      }),
    });
    assert.equal(sent.status, 201, await sent.text());
    const left = await db().offlineMessage.findFirstOrThrow({
      where: { tenantId: a.tenant.id, visitorId: v.visitorId },
      select: { conversationId: true },
    });
    await recordEmailReply(a.tenant.id, a.admin.id, {
      conversationId: left.conversationId!,
      text: `we shipped ${v.secret} again`,
    });
    // an agent message sent over REST: the audit log records that it was sent, never its text (which erasure must reach)
    const posted = await fetch(`${testEnv.url}/api/v1/conversations/${left.conversationId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${a.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ text: `parcel ${v.secret} is on its way` }),
    });
    assert.equal(posted.status, 201, await posted.text());
    const [sentRow] = await db().auditEvent.findMany({
      where: { tenantId: a.tenant.id, target: left.conversationId! },
      orderBy: { createdAt: "desc" },
      take: 1,
    });
    assert.equal(sentRow?.action, "conversations.messages.create", "the message is recorded as sent");

    const exported = (await api(`/api/v1/visitors/${ext}/export`, a.apiKey)).json.data;
    assert.deepEqual(
      exported.customerEvents.map((e: { type: string; title: string; data: unknown }) => [e.type, e.title, e.data]),
      [["order.placed", `Order ${v.secret}`, { address: `street ${v.secret}` }]],
    );
    assert.deepEqual(
      exported.emailReplies.map((r: { conversationId: string; toEmail: string; text: string }) => [
        r.conversationId,
        r.toEmail,
        r.text,
      ]),
      [[left.conversationId, v.email, `we shipped ${v.secret} again`]],
    );
    assert.equal(exported.leftMessages[0].conversationId, left.conversationId);

    assert.ok((await rowsHolding(v.secret)) >= 8);
    const erased = await api(`/api/v1/visitors/${ext}`, a.apiKey, "DELETE");
    assert.equal(erased.status, 200, JSON.stringify(erased.json));
    assert.equal(erased.json.data.customerEvents, 1);
    assert.equal(erased.json.data.emailReplies, 1);
    assert.equal(await rowsHolding(v.secret), 0, "no event, reply, left message or audit row keeps the visitor's data");
    assert.equal(await db().customerEvent.count({ where: { tenantId: a.tenant.id, visitorId: v.visitorId } }), 0);
  });

  test("the webhook deliveries that carried the visitor's messages and contact details are erased with them", async () => {
    const c = await makeTenant("priv-hook");
    await db().webhook.create({
      data: { tenantId: c.tenant.id, url: "http://127.0.0.1:9/hook", secret: "s".repeat(32), events: ["message.left"] },
    });
    forgetSubscriptions(c.tenant.id);
    const v = await visitorWithData(c);
    assert.ok(
      (await db().webhookDelivery.count({ where: { tenantId: c.tenant.id } })) >= 1,
      "the left message was queued for the webhook",
    );
    assert.ok((await rowsHolding(v.secret)) >= 1);
    const res = await api(`/api/v1/visitors/${v.visitorId}`, c.apiKey, "DELETE");
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(await rowsHolding(v.secret), 0, "no delivery payload keeps the visitor's email or text");
  });
});
