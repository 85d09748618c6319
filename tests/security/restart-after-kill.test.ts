// Point 1 of issue 12: after `kill -9` of the server, its embedded PostgreSQL keeps running (re-parented to PID 1)
// on the data folder. The next start must find it, stop it cleanly and start ready, with every acked message kept.
import assert from "node:assert/strict";
import { test } from "node:test";
import { StubbornVisitor } from "../helpers/delivery-client";
import { alive, cleanUp, postmasterPid, sqlOn, startKefuOnOwnDatabase, storedOnce } from "./embedded-db";

test("kill -9 of the server: the next start stops the PostgreSQL it left running and is ready, every acked message there once", async () => {
  const { kefu, dataDir } = await startKefuOnOwnDatabase();
  const visitors: StubbornVisitor[] = [];
  let again: Awaited<ReturnType<typeof kefu.restart>> | undefined;
  try {
    const sql = await sqlOn(dataDir);
    const {
      rows: [bot],
    } = await sql.query<{ public_key: string; tenant_id: string }>(
      `SELECT public_key, tenant_id FROM bots ORDER BY created_at LIMIT 1`,
    );
    for (let i = 0; i < 3; i++) visitors.push(new StubbornVisitor(kefu.url, bot.public_key));
    await Promise.all(visitors.map((v) => v.ready()));
    for (const v of visitors) assert.equal(await v.send("hello"), true);
    await sql.query(`UPDATE conversations SET status = 'agent' WHERE tenant_id = $1`, [bot.tenant_id]);
    for (const v of visitors) for (let i = 0; i < 10; i++) assert.equal(await v.send(), true);
    await sql.end();

    const orphan = postmasterPid(dataDir);
    assert.equal(await kefu.stop("SIGKILL"), "SIGKILL");
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(alive(orphan), "PostgreSQL outlives the killed server (the situation this test is about)");

    again = await kefu.restart(); // waits for /api/health to answer 200
    assert.ok(!alive(orphan), "the orphaned PostgreSQL was stopped");
    assert.match(again.log(), /left by a Kefu that did not shut down: stopping it/);
    assert.doesNotMatch(again.log(), /failed to start/);
    assert.notEqual(postmasterPid(dataDir), orphan, "a PostgreSQL of the new server's own runs");

    for (const until = Date.now() + 20_000; !visitors.every((v) => v.socket.connected) && Date.now() < until; )
      await new Promise((r) => setTimeout(r, 100));
    assert.ok(
      visitors.every((v) => v.socket.connected),
      "the visitors reconnect to the restarted server",
    );
    for (const v of visitors) assert.equal(await v.flush(20_000), true, "what was pending is sent");
    for (const v of visitors) assert.equal(await v.send("after the restart"), true);
    const check = await sqlOn(dataDir);
    try {
      assert.deepEqual(await storedOnce(check, visitors), []);
      assert.equal(
        visitors.reduce((n, v) => n + v.acked.size, 0),
        3 * 12,
      );
    } finally {
      await check.end();
    }
  } finally {
    visitors.forEach((v) => v.close());
    await again?.stop();
    await kefu.stop("SIGKILL");
    cleanUp(dataDir);
  }
});
