import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { StubbornVisitor } from "./helpers/delivery-client";
import { startKefu } from "./helpers/server-process";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = () => {};

test("a PostgreSQL restart: clients get error acks (not silence) while it is down, nothing acknowledged is lost, the server recovers", async () => {
  // a PostgreSQL of this test's own, so it can be stopped under a running Kefu
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-pgrestart-"));
  let database = await startEmbeddedPostgres(dir, quiet);
  const port = Number(new URL(database.url).port);
  const kefu = await startKefu({ databaseUrl: database.url });
  const sql = new pg.Client({ connectionString: database.url });
  const visitors: StubbornVisitor[] = [];
  try {
    await sql.connect();
    const {
      rows: [bot],
    } = await sql.query<{ public_key: string; tenant_id: string }>(
      `SELECT public_key, tenant_id FROM bots ORDER BY created_at LIMIT 1`,
    );
    for (let i = 0; i < 4; i++) visitors.push(new StubbornVisitor(kefu.url, bot.public_key));
    await Promise.all(visitors.map((v) => v.ready()));
    for (const v of visitors) assert.equal(await v.send("hello"), true);
    await sql.query(`UPDATE conversations SET status = 'agent' WHERE tenant_id = $1`, [bot.tenant_id]);
    for (const v of visitors) for (let i = 0; i < 20; i++) assert.equal(await v.send(), true);
    const ackedBefore = visitors.map((v) => new Map(v.acked));
    await sql.end().catch(() => {});

    await database.stop();
    // while it is down: every send is answered, with an error the widget can show and retry on
    const started = Date.now();
    for (const v of visitors) for (let i = 0; i < 3; i++) assert.equal(await v.send(), false);
    assert.equal(
      visitors.reduce((n, v) => n + v.timeouts, 0),
      0,
      "no send went unanswered",
    );
    assert.equal(
      visitors.reduce((n, v) => n + (v.errors.get("internal") ?? 0), 0),
      12,
      "each send got an `internal` error ack",
    );
    assert.ok(Date.now() - started < 12 * 3_000);
    assert.ok(
      visitors.every((v) => v.socket.connected),
      "the sockets stay open",
    );

    await sleep(500);
    database = await startEmbeddedPostgres(dir, quiet, { port });
    assert.equal(Number(new URL(database.url).port), port);
    // the pool recovers by itself: resending what was refused succeeds, and new messages go through
    for (const v of visitors)
      assert.equal(await v.flush(20_000), true, "the refused messages are stored after the restart");
    for (const v of visitors) assert.equal(await v.send("after the restart"), true);

    const check = new pg.Client({ connectionString: database.url });
    await check.connect();
    try {
      for (const [i, v] of visitors.entries()) {
        const { rows } = await check.query<{ id: string; seq: number; client_id: string | null; role: string }>(
          `SELECT id, seq, client_id, role FROM messages WHERE conversation_id = $1 ORDER BY seq`,
          [v.conversationId],
        );
        assert.deepEqual(
          rows.map((r) => r.seq),
          rows.map((_, k) => k + 1),
          "seq 1..n without gaps",
        );
        const visitorRows = rows.filter((r) => r.role === "visitor");
        assert.equal(new Set(visitorRows.map((r) => r.client_id)).size, visitorRows.length, "no duplicates");
        assert.equal(visitorRows.length, v.acked.size, "every acknowledged message is stored, nothing else");
        for (const [clientId, ack] of ackedBefore[i]) {
          const row = visitorRows.find((r) => r.client_id === clientId);
          assert.ok(
            row && row.id === ack.id && row.seq === ack.seq,
            `acknowledged ${clientId} kept with its id and seq`,
          );
        }
      }
    } finally {
      await check.end();
    }
  } finally {
    visitors.forEach((v) => v.close());
    await kefu.stop("SIGKILL");
    await database.stop().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
