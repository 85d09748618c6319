import assert from "node:assert/strict";
import crypto from "node:crypto";
import os from "node:os";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import type { Socket } from "socket.io-client";
import { createVisitor, openConversation } from "../lib/conversations";
import { db, disconnectDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { addUserToTenant } from "../lib/tenants";
import { kefu, kefuInProcess } from "./helpers/cli";
import { run } from "./helpers/run";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { signInCookie } from "./helpers/session";
import { connectAgent, emitAck } from "./helpers/sockets";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;
const OPERATOR = `${os.userInfo().username}@${os.hostname()}`;
const rowsOf = (tenantId: string) => db().auditEvent.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } });

async function waitingConversation(t: Tenant) {
  const { id: visitorId } = await createVisitor(t.tenant.id);
  const { conversation } = await openConversation(t.tenant.id, t.bot.id, visitorId);
  await db().conversation.update({ where: { id: conversation.id }, data: { status: "waiting" } });
  return conversation.id;
}

describe("the audit log records admin actions whatever the door: the CLI and the /agent socket", () => {
  let a: Tenant;
  let b: Tenant;
  let ownerCookie: string;
  let socket: Socket | undefined;
  before(async () => {
    [a, b] = [await makeTenant("door-a"), await makeTenant("door-b")];
    const email = `owner-${crypto.randomBytes(4).toString("hex")}@kefu.test`;
    await addUserToTenant(a.tenant.id, { email, name: "Olga", password: "owner-password", role: "owner" });
    ownerCookie = await signInCookie(email, "owner-password");
  });
  after(async () => {
    socket?.close();
    await disconnectDb();
  });

  test("each CLI command that changes a workspace writes its row as operator@host; read-only commands write none", async () => {
    const slug = `door-cli-${crypto.randomBytes(3).toString("hex")}`;
    // the binary itself once; the rest through the same main() in this process
    const created = await kefu("tenant", "create", "--name", "Door CLI", "--slug", slug, "--json");
    assert.equal(created.code, 0, created.stderr);
    const tenantId = created.json.id as string;
    const member = `cli-${crypto.randomBytes(3).toString("hex")}@kefu.test`;
    const steps: string[][] = [
      ["user", "create", "--tenant", slug, "--email", member, "--name", "Cleo", "--role", "agent"],
      ["user", "disable", "--tenant", slug, "--email", member],
      ["user", "enable", "--tenant", slug, "--email", member],
      ["user", "reset-password", "--tenant", slug, "--email", member],
      ["apikey", "create", "--tenant", slug, "--label", "crm"],
      ["bot", "create", "--tenant", slug, "--name", "Door bot"],
      ["tenant", "retention", "--tenant", slug, "--days", "90"],
      // read-only: nothing to record
      ["user", "list", "--tenant", slug],
      ["apikey", "list", "--tenant", slug],
      ["bot", "list", "--tenant", slug],
    ];
    const out: Record<string, any> = {};
    for (const s of steps) {
      const r = await kefuInProcess(...s, "--json");
      assert.equal(r.code, 0, `${s.join(" ")}: ${r.stderr}`);
      out[`${s[0]} ${s[1]}`] = r.json;
    }
    const keyId = out["apikey create"].id as string;
    const botId = out["bot create"].id as string;
    for (const s of [
      ["apikey", "revoke", "--tenant", slug, "--id", keyId],
      ["bot", "rename", "--tenant", slug, "--id", botId, "--name", "Door bot 2"],
      ["bot", "delete", "--tenant", slug, "--id", botId],
    ]) {
      const r = await kefuInProcess(...s, "--json");
      assert.equal(r.code, 0, `${s.join(" ")}: ${r.stderr}`);
    }
    const rows = await rowsOf(tenantId);
    assert.deepEqual(
      rows.map((r) => r.action),
      [
        "tenant.create",
        "team.create",
        "team.update",
        "team.update",
        "team.password.create",
        "api-keys.create",
        "bots.create",
        "settings.retention",
        "api-keys.delete",
        "bots.update",
        "bots.delete",
      ],
    );
    assert.ok(
      rows.every((r) => r.actorId === "kefu-cli" && r.actorLabel === OPERATOR && r.address === "command line"),
      JSON.stringify(rows[0]),
    );
    const userId = rows[1].target;
    assert.deepEqual(rows[1].diff, { email: member, name: "Cleo", role: "agent", existing: false });
    assert.deepEqual(rows[2].diff, { email: member, active: false });
    assert.equal(rows[2].target, userId);
    assert.deepEqual(rows[4].diff, { email: member, access: "password" });
    assert.ok(
      !JSON.stringify(rows).includes(out["user reset-password"].password),
      "the new password is not in the log",
    );
    assert.ok(!JSON.stringify(rows).includes(out["apikey create"].key), "nor the API key");
    assert.equal(rows[8].target, keyId);
    assert.deepEqual(rows[9].diff, { name: "Door bot 2" });
    assert.equal(
      await db().auditEvent.count({ where: { tenantId: a.tenant.id, actorId: "kefu-cli" } }),
      0,
      "another workspace's log is untouched",
    );
  });

  test("kefu keys rotate is recorded in every workspace's log", async () => {
    // a database of its own: rotation rewrites every tenant's values, and the suite's others run without a key
    const name = `kefu_audit_rotate_${crypto.randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(process.env.DATABASE_URL as string);
    u.pathname = `/${name}`;
    try {
      await migrate(u.toString());
      const env = {
        ...process.env,
        DATABASE_URL: u.toString(),
        KEFU_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("hex")}`,
      };
      const cli = (...args: string[]) => run(process.execPath, ["bin/kefu.mjs", ...args, "--json"], env);
      for (const slug of ["rot-one", "rot-two"])
        assert.equal((await cli("tenant", "create", "--name", slug, "--slug", slug)).code, 0);
      const r = await cli("keys", "rotate");
      assert.equal(r.code, 0, r.stderr);
      const sql = new pg.Client({ connectionString: u.toString() });
      await sql.connect();
      const { rows } = await sql.query<{ actor_label: string; n: string }>(
        `SELECT actor_label, count(DISTINCT tenant_id) AS n FROM audit_events WHERE action = 'keys.rotate' GROUP BY actor_label`,
      );
      await sql.end();
      assert.deepEqual(rows, [{ actor_label: OPERATOR, n: "2" }], "one row in each workspace, naming the operator");
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  test("assignment and filing changes over the /agent socket are recorded; replies and reads are not; another tenant's id records nothing", async () => {
    const conversationId = await waitingConversation(a);
    const foreign = await waitingConversation(b);
    socket = await connectAgent(await signInCookie(a.admin.email, a.admin.password));
    const ok = async (event: string, payload: object) => {
      const ack = await emitAck(socket!, event, payload);
      assert.equal(ack.ok, true, `${event}: ${JSON.stringify(ack)}`);
    };
    await ok("claim", { conversationId });
    await ok("assign", { conversationId, assigneeId: null });
    await ok("takeover", { conversationId });
    await ok("labels", { conversationId, add: ["vip"] });
    await ok("reply", { conversationId, clientId: crypto.randomUUID(), text: "private words of the conversation" });
    await ok("read", { conversationId });
    await ok("release", { conversationId });
    await ok("close", { conversationId });
    await ok("reopen", { conversationId });
    const refused = await emitAck(socket, "assign", { conversationId: foreign, assigneeId: null });
    assert.equal(refused.ok, false);

    const rows = await db().auditEvent.findMany({
      where: { tenantId: a.tenant.id, target: conversationId },
      orderBy: { createdAt: "asc" },
    });
    assert.deepEqual(
      rows.map((r) => r.action),
      [
        "conversations.claim",
        "conversations.assign",
        "conversations.takeover",
        "conversations.labels",
        "conversations.release",
        "conversations.close",
        "conversations.reopen",
      ],
    );
    assert.ok(
      rows.every((r) => r.actorId === a.admin.id && r.actorLabel === a.admin.email && r.address),
      "who and from where",
    );
    assert.deepEqual(rows[0].diff, { assigneeId: a.admin.id });
    assert.deepEqual(rows[1].diff, { assigneeId: null });
    assert.deepEqual(rows[3].diff, { add: ["vip"], remove: [], labels: ["vip"] });
    assert.ok(!JSON.stringify(rows).includes("private words"), "a reply's text never enters the log");
    assert.equal(await db().auditEvent.count({ where: { tenantId: b.tenant.id, target: foreign } }), 0);
  });

  test("owners see those entries on the Audit page, and the log refuses to be rewritten afterwards", async () => {
    const res = await fetch(`${testEnv.url}/settings/audit?action=conversations`, { headers: { cookie: ownerCookie } });
    const html = await res.text();
    assert.equal(res.status, 200);
    assert.match(html, /conversations\.takeover/);
    assert.match(html, new RegExp(a.admin.email.replace(/[.]/g, "\\.")));
    const set = await kefuInProcess(
      "bot",
      "rename",
      "--tenant",
      a.tenant.slug,
      "--id",
      a.bot.id,
      "--name",
      "Renamed from the shell",
    );
    assert.equal(set.code, 0, set.stderr);
    const cli = await fetch(`${testEnv.url}/settings/audit?actor=kefu-cli`, { headers: { cookie: ownerCookie } });
    const cliHtml = await cli.text();
    assert.match(cliHtml, /bots\.update/);
    assert.doesNotMatch(cliHtml, /conversations\.takeover/, "filtered to the command line");
    assert.ok(cliHtml.includes(OPERATOR), "the operator and machine are named");

    const before = await rowsOf(a.tenant.id);
    await assert.rejects(
      db().$executeRawUnsafe(`UPDATE audit_events SET actor_label = 'someone else' WHERE tenant_id = $1`, a.tenant.id),
      /append-only/,
    );
    await assert.rejects(
      db().$executeRawUnsafe(`DELETE FROM audit_events WHERE tenant_id = $1`, a.tenant.id),
      /append-only/,
    );
    assert.deepEqual(await rowsOf(a.tenant.id), before, "every row as it was written");
  });
});
