import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, describe, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { addUserToTenant, authenticate } from "../lib/tenants";
import { tenantOfApiKey } from "../lib/tenants/api-keys";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { run } from "./helpers/run";
import { signInCookie } from "./helpers/session";
import { connectAgent } from "./helpers/sockets";
import { until } from "./helpers/until";

const kefu = (...args: string[]) => run(process.execPath, ["bin/kefu.mjs", ...args]);
const email = (label: string) => `${label}-${crypto.randomBytes(4).toString("hex")}@kefu.test`;

describe("kefu user and apikey commands", () => {
  after(() => disconnectDb());

  test("user list shows the members with role and status; disable ends sign-in, enable restores it", async () => {
    const { tenant, admin } = await makeTenant("cliteam");
    const agent = await addUserToTenant(tenant.id, {
      email: email("ag"),
      name: "Agnes",
      password: "agnes-password",
      role: "agent",
    });

    const list = await kefu("user", "list", "--tenant", tenant.slug, "--json");
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(
      list.json.map((m: { email: string; role: string; status: string }) => [m.email, m.role, m.status]),
      [
        [admin.email, "admin", "active"],
        [agent.email, "agent", "active"],
      ],
    );
    const text = await kefu("user", "list", "--tenant", tenant.slug);
    assert.match(text.stdout, /EMAIL\tNAME\tROLE\tSTATUS/);
    assert.match(text.stdout, new RegExp(`${agent.email}\\tAgnes\\tagent\\tactive`));

    const off = await kefu("user", "disable", "--tenant", tenant.slug, "--email", agent.email);
    assert.equal(off.code, 0, off.stderr);
    assert.match(off.stdout, /Deactivated Agnes/);
    assert.equal(await authenticate(agent.email, "agnes-password"), undefined);
    assert.equal((await kefu("user", "list", "--tenant", tenant.slug, "--json")).json[1].status, "deactivated");
    const on = await kefu("user", "enable", "--tenant", tenant.slug, "--email", agent.email, "--json");
    assert.equal(on.code, 0, on.stderr);
    assert.equal(on.json.status, "active");
    assert.ok(await authenticate(agent.email, "agnes-password"));
  });

  test("an inbox socket of a member disabled from the CLI is cut off at its next event after the 10 s re-check", async () => {
    const { tenant } = await makeTenant("clisock");
    const agent = await addUserToTenant(tenant.id, {
      email: email("so"),
      name: "Sol",
      password: "sol-password",
      role: "agent",
    });
    const socket = await connectAgent(await signInCookie(agent.email, "sol-password"));
    let gone = false;
    socket.on("disconnect", () => (gone = true));
    const off = await kefu("user", "disable", "--tenant", tenant.slug, "--email", agent.email);
    assert.equal(off.code, 0, off.stderr);
    await new Promise((r) => setTimeout(r, 10_500));
    socket.emit("presence:set", { status: "online" }, () => {});
    await until(() => gone, "the server closes the socket", 5000);
    const health = await fetch(`${testEnv.url}/api/health`);
    assert.equal(health.status, 200, "the server is still up");
  });

  test("disable keeps the last owner and answers clearly for an unknown member or another tenant's", async () => {
    const { tenant } = await makeTenant("cliown");
    const other = await makeTenant("cliown2");
    const owner = await addUserToTenant(tenant.id, {
      email: email("own"),
      name: "Owen",
      password: "owen-password",
      role: "owner",
    });
    const last = await kefu("user", "disable", "--tenant", tenant.slug, "--email", owner.email, "--json");
    assert.equal(last.code, 1);
    assert.equal(last.json.error.code, "last_owner");
    assert.ok(await authenticate(owner.email, "owen-password"));

    const unknown = await kefu("user", "disable", "--tenant", tenant.slug, "--email", "nobody@kefu.test");
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No member with the email nobody@kefu.test/);
    const elsewhere = await kefu("user", "disable", "--tenant", other.tenant.slug, "--email", owner.email, "--json");
    assert.equal(elsewhere.code, 1);
    assert.equal(elsewhere.json.error.code, "not_found");
    const missing = await kefu("user", "disable", "--tenant", tenant.slug);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--email is required/);
  });

  test("reset-password prints a new password once (the old one stops working) or a one-time link", async () => {
    const { tenant } = await makeTenant("clirst");
    const agent = await addUserToTenant(tenant.id, {
      email: email("rs"),
      name: "Ross",
      password: "ross-password",
      role: "agent",
    });
    const res = await kefu("user", "reset-password", "--tenant", tenant.slug, "--email", agent.email, "--json");
    assert.equal(res.code, 0, res.stderr);
    assert.equal(await authenticate(agent.email, "ross-password"), undefined);
    assert.ok(await authenticate(agent.email, res.json.password));

    const link = await kefu("user", "reset-password", "--tenant", tenant.slug, "--email", agent.email, "--link");
    assert.equal(link.code, 0, link.stderr);
    const url = link.stdout.match(/https?:\/\/\S+\/invite\/([\w-]+)/);
    assert.ok(url, link.stdout);
    const set = await fetch(`${testEnv.url}/api/invite/${url[1]}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ password: "ross-new-password" }),
    });
    assert.equal(set.status, 200);
    assert.ok(await authenticate(agent.email, "ross-new-password"));
  });

  test("apikey create --label, list by prefix and label, revoke: the key stops working; another tenant's id is not found", async () => {
    const { tenant, apiKey } = await makeTenant("clikey");
    const other = await makeTenant("clikey2");
    const made = await kefu("apikey", "create", "--tenant", tenant.slug, "--label", "billing", "--json");
    assert.equal(made.code, 0, made.stderr);
    assert.equal(made.json.name, "billing");

    const list = await kefu("apikey", "list", "--tenant", tenant.slug, "--json");
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(list.json.map((k: { name: string }) => k.name).sort(), ["billing", "tests"]);
    assert.ok(list.json.every((k: { key?: string; prefix: string }) => !k.key && k.prefix.startsWith("kefu_")));
    const text = await kefu("apikey", "list", "--tenant", tenant.slug);
    assert.match(text.stdout, /PREFIX\tLABEL\tCREATED\tLAST USED/);
    assert.doesNotMatch(text.stdout, new RegExp(made.json.key));

    const foreign = await kefu("apikey", "revoke", "--tenant", other.tenant.slug, "--id", made.json.id, "--json");
    assert.equal(foreign.code, 1);
    assert.equal(foreign.json.error.code, "not_found");
    assert.equal(await tenantOfApiKey(made.json.key), tenant.id);

    const revoked = await kefu("apikey", "revoke", "--tenant", tenant.slug, "--id", made.json.id);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal(await tenantOfApiKey(made.json.key), undefined);
    assert.equal(await tenantOfApiKey(apiKey), tenant.id, "the other key still works");
    const res = await fetch(`${testEnv.url}/api/v1/bots`, { headers: { authorization: `Bearer ${made.json.key}` } });
    assert.equal(res.status, 401);
    const again = await kefu("apikey", "revoke", "--tenant", tenant.slug, "--id", made.json.id);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /No such API key/);
  });
});
