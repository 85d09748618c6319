import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { run } from "./helpers/run";
import { startKefu, type KefuProcess } from "./helpers/server-process";

// Servers of this test's own on embedded PostgreSQL in their own data folders, with the secret generated there
// (no NEXTAUTH_SECRET): the restored server must take the secret from the backup for old visitor tokens to work.
const OWN = { DATABASE_URL: "", NEXTAUTH_SECRET: "" };
const kefu = (env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, ["bin/kefu.mjs", ...args], { ...process.env, ...env });

async function query<T = Record<string, unknown>>(dataDir: string, sql: string): Promise<T[]> {
  const rt = JSON.parse(fs.readFileSync(path.join(dataDir, "postgres.json"), "utf8"));
  const client = new pg.Client({
    connectionString: `postgresql://kefu:${encodeURIComponent(rt.password)}@127.0.0.1:${rt.port}/kefu`,
  });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

function visitor(url: string, auth: { key: string; token?: string }) {
  const socket = io(`${url}/visitor`, { auth, transports: ["websocket"], reconnection: false, forceNew: true });
  return new Promise<{
    socket: Socket;
    session: { visitorToken: string; conversationId: string | null; messages: { text: string }[] };
  }>((resolve, reject) => {
    socket.once("session", (session) => resolve({ socket, session }));
    socket.once("connect_error", (err) => (socket.close(), reject(err)));
  });
}

const AUDIT_BY_ACTION = `SELECT action, actor_id, actor_label, count(DISTINCT tenant_id)::int AS tenants FROM audit_events
  WHERE action LIKE 'backup.%' GROUP BY 1, 2, 3 ORDER BY 1`;

describe("kefu backup and restore", () => {
  const servers: KefuProcess[] = [];
  after(async () => {
    for (const s of servers) await s.stop();
  });

  test("a server's conversations survive backup → restore into a new data folder → a new server, with the same secret", async () => {
    const src = await startKefu({ env: OWN });
    servers.push(src);
    const srcDir = path.dirname(src.logFile);
    const [{ public_key: key }] = await query<{ public_key: string }>(
      srcDir,
      `SELECT public_key FROM bots ORDER BY created_at LIMIT 1`,
    );

    const marker = `backup-${crypto.randomBytes(4).toString("hex")}`;
    const v = await visitor(src.url, { key });
    for (const text of [`first ${marker}`, `second ${marker}`]) {
      const ack = await v.socket.timeout(10_000).emitWithAck("message", { clientId: crypto.randomUUID(), text });
      assert.ok(ack.ok ?? ack.id ?? ack.message, JSON.stringify(ack));
    }
    // let the bot's replies land, so that the counts below are final before the backup
    await new Promise((r) => setTimeout(r, 2000));
    v.socket.close();
    const count = `SELECT (SELECT count(*) FROM conversations)::int AS conversations, (SELECT count(*) FROM messages)::int AS messages`;
    const before = (await query(srcDir, count))[0];
    assert.ok((before.messages as number) >= 2);

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kefu-bk-")), "kefu.backup.gz");
    const b = await kefu({ ...OWN, KEFU_DATA_DIR: srcDir }, "backup", "--out", file, "--json");
    assert.equal(b.code, 0, b.stderr + b.stdout);
    const backedUp = await query(srcDir, AUDIT_BY_ACTION);
    assert.deepEqual(
      b.json.files,
      ["secret"],
      "the secret is in the backup; the database's own files and models are not",
    );
    assert.ok(!fs.readFileSync(file).includes(Buffer.from(marker)), "the backup is compressed");

    const newDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kefu-restored-")), "data");
    const r = await kefu({ ...OWN, KEFU_DATA_DIR: newDir }, "restore", file, "--json");
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(
      fs.readFileSync(path.join(newDir, "secret"), "utf8"),
      fs.readFileSync(path.join(srcDir, "secret"), "utf8"),
    );
    const again = await kefu({ ...OWN }, "restore", file, "--data-dir", newDir);
    assert.equal(again.code, 1, "a data folder that holds a database is refused");
    assert.match(again.stderr, /already holds a database/);

    await src.stop();
    const dst = await startKefu({ env: { ...OWN, KEFU_DATA_DIR: newDir } });
    servers.push(dst);
    assert.deepEqual((await query(newDir, count))[0], before, "every conversation and message is there");
    // the old visitor token still works: same secret, same visitor, same conversation with its messages
    const back = await visitor(dst.url, { key, token: v.session.visitorToken });
    back.socket.close();
    assert.equal(
      back.session.conversationId,
      (
        await query<{ id: string }>(newDir, `SELECT id FROM conversations WHERE id = '${back.session.conversationId}'`)
      )[0]?.id,
    );
    const texts = back.session.messages.map((m) => m.text);
    assert.ok(texts.includes(`first ${marker}`) && texts.includes(`second ${marker}`), JSON.stringify(texts));

    // both are in every workspace's audit log as the operator who ran them; the backup's row is written after its
    // dump, so the restored copy holds the restore's row only
    const tenants = (await query<{ n: number }>(newDir, "SELECT count(*)::int AS n FROM tenants"))[0].n;
    const operator = `${os.userInfo().username}@${os.hostname()}`;
    assert.deepEqual(await query(newDir, AUDIT_BY_ACTION), [
      { action: "backup.restore", actor_id: "kefu-cli", actor_label: operator, tenants },
    ]);
    assert.deepEqual(backedUp, [{ action: "backup.create", actor_id: "kefu-cli", actor_label: operator, tenants }]);
  });

  test("restore refuses a file that is not a Kefu backup, naming it", async () => {
    const bogus = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kefu-bogus-")), "not-a-backup.gz");
    fs.writeFileSync(bogus, "hello");
    const r = await kefu({ ...OWN, KEFU_DATA_DIR: path.join(path.dirname(bogus), "data") }, "restore", bogus);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not a Kefu backup/);
    assert.ok(!fs.existsSync(path.join(path.dirname(bogus), "data", "pg")), "nothing was created for it");
  });
});
