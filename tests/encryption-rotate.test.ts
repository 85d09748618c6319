// `kefu keys rotate` (docs/encryption.md): with a second key added, old values are re-encrypted in batches while
// Kefu keeps taking messages; afterwards a server with only the new key reads every message.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import pg from "pg";
import { io } from "socket.io-client";
import { migrate } from "../lib/db/migrate";
import { StubbornVisitor } from "./helpers/delivery-client";
import { startKefu } from "./helpers/server-process";

// a database of this test's own: rotation rewrites every tenant's values, and the suite's others run without a key
const dbName = `kefu_rotate_${crypto.randomBytes(4).toString("hex")}`;
let admin: pg.Client;
let sql: pg.Client;
let url = "";
const K1 = `k1:${crypto.randomBytes(32).toString("hex")}`;
const K2 = `k2:${crypto.randomBytes(32).toString("base64")}`;

before(async () => {
  admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const u = new URL(process.env.DATABASE_URL as string);
  u.pathname = `/${dbName}`;
  url = u.toString();
  await migrate(url);
  sql = new pg.Client({ connectionString: url });
  await sql.connect();
});

after(async () => {
  await sql?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
});

function rotate(): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(
    process.execPath,
    ["bin/kefu.mjs", "keys", "rotate", "--batch", "5", "--pause-ms", "20", "--json"],
    {
      env: { ...process.env, DATABASE_URL: url, KEFU_ENCRYPTION_KEY: `${K1},${K2}` },
    },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out, err })));
}

test("kefu keys rotate re-encrypts with the newest key in batches while Kefu serves; the old key can then go", async () => {
  const keys = async (conversationId: string) =>
    (
      await sql.query<{ k: string }>(
        `SELECT split_part(text, ':', 3) AS k FROM messages WHERE conversation_id = $1 AND role = 'visitor'`,
        [conversationId],
      )
    ).rows.map((r) => r.k);

  let kefu = await startKefu({
    databaseUrl: url,
    env: { KEFU_ENCRYPTION_KEY: K1, KEFU_ENCRYPTION_CIPHER: "aes-256-gcm" },
  });
  const {
    rows: [bot],
  } = await sql.query<{ public_key: string }>(`SELECT public_key FROM bots ORDER BY created_at LIMIT 1`);
  const sent: string[] = [];
  let v = new StubbornVisitor(kefu.url, bot.public_key);
  try {
    await v.ready();
    for (let i = 0; i < 30; i++) {
      const text = `old key ${i} 旧密钥`;
      assert.equal(await v.send(text), true);
      sent.push(text);
    }
    const token = v.token as string;
    const conversationId = v.conversationId as string;
    assert.ok((await keys(conversationId)).every((k) => k === "k1"));
    v.close();
    await kefu.stop();

    // the new key added last (and the cipher changed): new writes use it at once, old values still read
    kefu = await startKefu({
      databaseUrl: url,
      env: { KEFU_ENCRYPTION_KEY: `${K1},${K2}`, KEFU_ENCRYPTION_CIPHER: "sm4" },
    });
    v = new StubbornVisitor(kefu.url, bot.public_key);
    await v.ready();
    const during: string[] = [];
    const rotation = rotate();
    for (let i = 0; i < 15; i++) {
      const text = `during rotation ${i} 轮换中`;
      assert.equal(await v.send(text), true, "messages are taken while the rotation runs");
      during.push(text);
    }
    const token2 = v.token as string;
    const done = await rotation;
    assert.equal(done.code, 0, done.err);
    assert.ok((done.err.match(/re-encrypted/g) ?? []).length >= 3, `several batches were written: ${done.err}`);
    const result = JSON.parse(done.out) as { keyId: string; rewritten: number; counts: Record<string, number> };
    assert.equal(result.keyId, "k2");
    assert.ok(result.rewritten >= 30);
    assert.deepEqual(Object.keys(result.counts), ["k2"], "nothing left under k1 or in plaintext");
    assert.ok((await keys(conversationId)).every((k) => k === "k2"));
    assert.ok(
      (await keys(v.conversationId as string)).every((k) => k === "k2"),
      "written during the rotation with the newest key",
    );
    const raw = await sql.query<{ text: string }>(`SELECT text FROM messages WHERE conversation_id = $1`, [
      conversationId,
    ]);
    assert.ok(
      raw.rows.every((r) => r.text.startsWith("kefu:1:k2:sm4:")),
      "re-encrypted with the new cipher too",
    );
    v.close();
    await kefu.stop();

    // the old key removed: everything still reads
    kefu = await startKefu({ databaseUrl: url, env: { KEFU_ENCRYPTION_KEY: K2 } });
    const read = async (t: string) => {
      const socket = io(`${kefu.url}/visitor`, {
        auth: { key: bot.public_key, token: t, lastSeq: 0 },
        transports: ["websocket"],
        forceNew: true,
      });
      const session = await new Promise<{ messages: { role: string; text: string }[] }>((resolve) =>
        socket.once("session", resolve),
      );
      socket.close();
      return session.messages.filter((m) => m.role === "visitor").map((m) => m.text);
    };
    assert.deepEqual(await read(token), sent);
    assert.deepEqual(await read(token2), during);
  } finally {
    v.close();
    await kefu.stop();
  }
});
