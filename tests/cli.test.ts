import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { authenticate, getTenantBySlug, membershipOf } from "../lib/tenants";
import { tenantOfApiKey } from "../lib/tenants/api-keys";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { kefu, kefuRefusal } from "./helpers/cli";
import { run } from "./helpers/run";

const slug = (label: string) => `${label}-${crypto.randomBytes(4).toString("hex")}`;

describe("kefu CLI", () => {
  after(() => disconnectDb());

  test("tenant create makes a tenant; a duplicate or invalid slug fails clearly", async () => {
    const s = slug("cli");
    const res = await kefu("tenant", "create", "--name", "Acme CLI", "--slug", s, "--json");
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.json.slug, s);
    const stored = await getTenantBySlug(s);
    assert.deepEqual(stored, { id: res.json.id, name: "Acme CLI", slug: s });

    const dup = await kefu("tenant", "create", "--name", "Again", "--slug", s, "--json");
    assert.equal(dup.code, 1);
    assert.equal(dup.json.error.code, "conflict");
    const dupText = await kefu("tenant", "create", "--name", "Again", "--slug", s);
    assert.equal(dupText.code, 1);
    assert.match(dupText.stderr, /already exists/);
    assert.equal(dupText.stdout, "");

    const invalid = await kefuRefusal("tenant", "create", "--name", "Bad", "--slug", "Not A Slug", "--json");
    assert.equal(invalid.code, 1);
    assert.match(invalid.json.error.message, /--slug/);

    const missing = await kefuRefusal("tenant", "create", "--slug", slug("cli"));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--name is required/);
  });

  test("user create adds a member who can sign in; a random password is printed once", async () => {
    const { tenant } = await makeTenant("cliu");
    const email = `${slug("ann")}@kefu.test`;
    const res = await kefu(
      "user",
      "create",
      "--tenant",
      tenant.slug,
      "--email",
      email,
      "--name",
      "Ann",
      "--role",
      "admin",
      "--json",
    );
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.json.email, email);
    assert.equal(res.json.role, "admin");
    assert.equal(res.json.existing, false);
    assert.ok(res.json.password.length >= 12);
    const signedIn = await authenticate(email, res.json.password);
    assert.equal(signedIn?.tenantId, tenant.id);
    assert.equal((await membershipOf(res.json.id, tenant.id))?.role, "admin");

    const email2 = `${slug("bob")}@kefu.test`;
    const given = await kefu(
      "user",
      "create",
      "--tenant",
      tenant.slug,
      "--email",
      email2,
      "--name",
      "Bob",
      "--role",
      "agent",
      "--password",
      "correct horse battery",
    );
    assert.equal(given.code, 0, given.stderr);
    assert.doesNotMatch(given.stdout, /correct horse/, "a password the operator chose is not echoed");
    assert.equal((await authenticate(email2, "correct horse battery"))?.role, "agent");

    // the same email again only adds the membership: no new password may be shown, the old one keeps working
    const other = await makeTenant("cliu2");
    const again = await kefu(
      "user",
      "create",
      "--tenant",
      other.tenant.slug,
      "--email",
      email,
      "--name",
      "Ann",
      "--role",
      "agent",
      "--json",
    );
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json.existing, true);
    assert.equal(again.json.password, undefined);
    assert.equal((await membershipOf(res.json.id, other.tenant.id))?.role, "agent");
    assert.ok(await authenticate(email, res.json.password));
  });

  test("user create fails clearly for an unknown tenant, an invalid email, a bad role or a short password", async () => {
    const { tenant } = await makeTenant("clie");
    const unknown = await kefu(
      "user",
      "create",
      "--tenant",
      "no-such-tenant-x",
      "--email",
      "x@kefu.test",
      "--name",
      "X",
      "--role",
      "agent",
      "--json",
    );
    assert.equal(unknown.code, 1);
    assert.equal(unknown.json.error.code, "not_found");
    assert.match(unknown.json.error.message, /no-such-tenant-x/);

    const bad = await kefuRefusal(
      "user",
      "create",
      "--tenant",
      tenant.slug,
      "--email",
      "not-an-email",
      "--name",
      "X",
      "--role",
      "boss",
    );
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--email/);
    assert.match(bad.stderr, /--role/);

    const short = await kefuRefusal(
      "user",
      "create",
      "--tenant",
      tenant.slug,
      "--email",
      "y@kefu.test",
      "--name",
      "Y",
      "--role",
      "agent",
      "--password",
      "short",
      "--json",
    );
    assert.equal(short.code, 1);
    assert.match(short.json.error.message, /--password: .*8 characters/);

    const noRole = await kefuRefusal(
      "user",
      "create",
      "--tenant",
      tenant.slug,
      "--email",
      "z@kefu.test",
      "--name",
      "Z",
    );
    assert.equal(noRole.code, 2);
    assert.match(noRole.stderr, /--role is required/);
  });

  test("apikey create prints a key once, and that key works against REST /api/v1", async () => {
    const { tenant, bot } = await makeTenant("clik");
    const res = await kefu("apikey", "create", "--tenant", tenant.slug, "--name", "ci", "--json");
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.json.key, /^kefu_/);
    assert.equal(res.json.name, "ci");
    assert.equal(await tenantOfApiKey(res.json.key), tenant.id);

    const api = await fetch(`${testEnv.url}/api/v1/bots`, { headers: { authorization: `Bearer ${res.json.key}` } });
    assert.equal(api.status, 200);
    assert.deepEqual(
      ((await api.json()) as { data: { id: string }[] }).data.map((b) => b.id),
      [bot.id],
    );

    const text = await kefu("apikey", "create", "--tenant", tenant.slug);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /shown only once/);
    assert.match(text.stdout, /kefu_[\w-]{20,}/);

    const unknown = await kefu("apikey", "create", "--tenant", "no-such-tenant-y");
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No tenant with the slug "no-such-tenant-y"/);
  });

  test("bot list shows a tenant's bots, or every tenant's", async () => {
    const { tenant, bot } = await makeTenant("clib");
    const one = await kefu("bot", "list", "--tenant", tenant.slug, "--json");
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(
      one.json.map((b: { id: string }) => b.id),
      [bot.id],
    );
    assert.equal(one.json[0].publicKey, bot.publicKey);
    assert.deepEqual(one.json[0].tenant, { id: tenant.id, slug: tenant.slug });

    const all = await kefu("bot", "list", "--json");
    assert.ok(all.json.some((b: { id: string }) => b.id === bot.id));
    assert.ok(all.json.some((b: { tenant: { slug: string } }) => b.tenant.slug === "demo"));

    const text = await kefu("bot", "list", "--tenant", tenant.slug);
    assert.match(text.stdout, new RegExp(bot.publicKey));
  });

  test("without DATABASE_URL it reuses the embedded PostgreSQL the running server started, and leaves it running", async () => {
    const { tenant, bot } = await makeTenant("clie2");
    const env: NodeJS.ProcessEnv = { ...process.env, KEFU_DATA_DIR: testEnv.dataDir };
    delete env.DATABASE_URL;
    const res = await run(process.execPath, ["bin/kefu.mjs", "bot", "list", "--tenant", tenant.slug, "--json"], env);
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(
      res.json.map((b: { id: string }) => b.id),
      [bot.id],
    );
    assert.ok(fs.existsSync(path.join(testEnv.dataDir, "postgres.json")), "the server's runtime file is kept");
    assert.equal((await fetch(`${testEnv.url}/api/health`)).status, 200);
  });

  test("outside the project directory it refuses rather than create a second database", async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-cli-cwd-"));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DATABASE_URL;
    delete env.KEFU_DATA_DIR;
    const res = await run(process.execPath, [path.resolve("bin/kefu.mjs"), "bot", "list", "--json"], env, elsewhere);
    assert.equal(res.code, 1);
    assert.match(res.json.error.message, /run kefu from the Kefu project directory/);
    assert.deepEqual(fs.readdirSync(elsewhere), [], "nothing was created there");
    fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  test("--help, unknown commands and unknown options", async () => {
    const top = await kefuRefusal("--help");
    assert.equal(top.code, 0);
    // every command a user can run is listed, with what it does
    for (const c of ["models", "backup", "restore"]) assert.match(top.stdout, new RegExp(`^  ${c} +\\w`, "m"));
    for (const c of ["tenant create", "user create", "apikey create", "bot list"]) {
      assert.match(top.stdout, new RegExp(c));
      const help = await kefuRefusal(...c.split(" "), "--help");
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: kefu /);
      assert.match(help.stdout, /--json/);
    }
    const unknown = await kefuRefusal("tenant", "delete", "--json");
    assert.equal(unknown.code, 2);
    assert.equal(unknown.json.error.code, "usage");
    const badOption = await kefuRefusal("bot", "list", "--colour");
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /--colour/);
  });

  test("npx kefu and npm run kefu run the project's own CLI", async () => {
    // npm 11 links the project itself into its npx cache when the command is the project's own bin
    const viaNpx = await run("npx", ["kefu", "--help"]);
    assert.equal(viaNpx.code, 0, viaNpx.stderr);
    assert.match(viaNpx.stdout, /Usage: kefu <command>/);
    const { tenant, bot } = await makeTenant("clin");
    const viaNpm = await run("npm", [
      "run",
      "--silent",
      "kefu",
      "--",
      "bot",
      "list",
      "--tenant",
      tenant.slug,
      "--json",
    ]);
    assert.equal(viaNpm.code, 0, viaNpm.stderr);
    assert.equal(viaNpm.json[0].id, bot.id);
  });
});
