import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, describe, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { listBots } from "../lib/bots";
import { listEntries } from "../lib/knowledge";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { run } from "./helpers/run";

const kefu = (...args: string[]) => run(process.execPath, ["bin/kefu.mjs", ...args]);
const slug = (label: string) => `${label}-${crypto.randomBytes(4).toString("hex")}`;
const widgetConfig = (key: string) => fetch(`${testEnv.url}/api/widget/config?key=${encodeURIComponent(key)}`);

describe("kefu bot commands and the starter bot", () => {
  after(() => disconnectDb());

  test("tenant create gives a starter bot with knowledge whose widget key works at once", async () => {
    const s = slug("starter");
    const res = await kefu("tenant", "create", "--name", "Starter Co", "--slug", s, "--json");
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.json.starterBot.publicKey, /^pk_/);
    const bots = await listBots(res.json.id);
    assert.equal(bots.length, 1);
    assert.equal(bots[0].knowledgeBaseIds.length, 1);
    assert.ok((await listEntries(res.json.id)).length >= 4, "the starter knowledge base has entries");
    assert.equal((await widgetConfig(res.json.starterBot.publicKey)).status, 200);
    const text = await kefu("tenant", "create", "--name", "Starter Text", "--slug", slug("starter"));
    assert.match(text.stdout, /starter bot "Assistant" \(widget key pk_/);
  });

  test("bot create prints the new bot with its widget key; rename and delete; bad input fails clearly", async () => {
    const { tenant } = await makeTenant("clibot");
    const res = await kefu("bot", "create", "--tenant", tenant.slug, "--name", "Night shift", "--json");
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.json.name, "Night shift");
    assert.match(res.json.publicKey, /^pk_/);
    assert.equal((await widgetConfig(res.json.publicKey)).status, 200);
    const textRes = await kefu("bot", "create", "--tenant", tenant.slug, "--name", "Day shift");
    assert.equal(textRes.code, 0, textRes.stderr);
    assert.match(textRes.stdout, /Widget key: pk_\w+/);
    assert.match(textRes.stdout, /<script src=".*\/widget\.js" data-kefu-key="pk_/);

    const renamed = await kefu(
      "bot",
      "rename",
      "--tenant",
      tenant.slug,
      "--id",
      res.json.id,
      "--name",
      "Night owls",
      "--json",
    );
    assert.equal(renamed.code, 0, renamed.stderr);
    assert.equal(renamed.json.name, "Night owls");

    const long = await kefu("bot", "create", "--tenant", tenant.slug, "--name", "y".repeat(81), "--json");
    assert.equal(long.code, 1);
    assert.match(long.json.error.message, /longer than 80 characters/);
    const dup = await kefu("bot", "create", "--tenant", tenant.slug, "--name", "night OWLS", "--json");
    assert.equal(dup.code, 1);
    assert.equal(dup.json.error.code, "conflict");
    const missing = await kefu("bot", "create", "--tenant", tenant.slug);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--name is required/);
    const other = await makeTenant("clibot-other");
    const foreign = await kefu(
      "bot",
      "rename",
      "--tenant",
      tenant.slug,
      "--id",
      other.bot.id,
      "--name",
      "Mine",
      "--json",
    );
    assert.equal(foreign.code, 1);
    assert.equal(foreign.json.error.code, "not_found");
    assert.equal((await listBots(other.tenant.id))[0].name, other.bot.name);

    const deleted = await kefu("bot", "delete", "--tenant", tenant.slug, "--id", res.json.id, "--json");
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.json.deleted, true);
    assert.equal((await widgetConfig(res.json.publicKey)).status, 404);
    assert.deepEqual((await listBots(tenant.id)).map((b) => b.name).sort(), ["Day shift", `Bot ${tenant.slug}`].sort());
  });
});
