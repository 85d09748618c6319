// Point 2 of issue 12: Kefu keeps its embedded PostgreSQL running and /api/health tells the truth within a second.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { StubbornVisitor } from "../helpers/delivery-client";
import { cleanUp, postmasterPid, sqlOn, startKefuOnOwnDatabase, storedOnce } from "./embedded-db";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function health(url: string) {
  const started = Date.now();
  const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as { database: string };
  return { database: body.database, ms: Date.now() - started };
}

async function healthBecomes(url: string, database: string, withinMs: number) {
  const until = Date.now() + withinMs;
  for (;;) {
    const h = await health(url);
    assert.ok(h.ms < 1_000, `/api/health answered in ${h.ms} ms`);
    if (h.database === database) return;
    assert.ok(Date.now() < until, `health did not say database ${database} within ${withinMs} ms`);
    await sleep(200);
  }
}

/** The postmaster and every backend it forked. */
function serverProcesses(pid: number) {
  const children = fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    });
  return [pid, ...children.map(Number)];
}

test("the embedded PostgreSQL is killed: health says down, Kefu restarts it by itself, acked messages are kept, one log line each way", async () => {
  const { kefu, dataDir } = await startKefuOnOwnDatabase();
  const visitors: StubbornVisitor[] = [];
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
    const before = kefu.log().length;

    const first = postmasterPid(dataDir);
    process.kill(first, "SIGKILL");
    // writes during the outage are refused (not acknowledged, so the widget keeps them and sends them again)
    for (const v of visitors) await v.send();
    await healthBecomes(kefu.url, "down", 5_000);
    await healthBecomes(kefu.url, "ok", 30_000);
    assert.notEqual(postmasterPid(dataDir), first, "a new PostgreSQL runs");

    for (const v of visitors)
      assert.equal(await v.flush(20_000), true, "what was refused during the outage is stored now");
    for (const v of visitors) assert.equal(await v.send("after"), true);
    const check = await sqlOn(dataDir);
    try {
      assert.deepEqual(await storedOnce(check, visitors), []);
    } finally {
      await check.end();
    }
    // the outage's end is logged by the next successful probe (health's, or the server's own every second)
    for (const until = Date.now() + 5_000; !/database is back/.test(kefu.log().slice(before)) && Date.now() < until; )
      await sleep(200);
    const during = kefu.log().slice(before);
    assert.equal(during.match(/database unavailable/g)?.length, 1, during);
    assert.equal(during.match(/database is back/g)?.length, 1, during);
    assert.equal(during.match(/PostgreSQL stopped unexpectedly/g)?.length, 1, during);
    assert.doesNotMatch(during, /^\s+at /m, "no stack traces");
  } finally {
    visitors.forEach((v) => v.close());
    await kefu.stop();
    cleanUp(dataDir);
  }
});

test("a frozen PostgreSQL (SIGSTOP): /api/health answers 'down' within a second, and 'ok' once it runs again", async () => {
  const { kefu, dataDir } = await startKefuOnOwnDatabase();
  let frozen: number[] = [];
  try {
    assert.equal((await health(kefu.url)).database, "ok");
    frozen = serverProcesses(postmasterPid(dataDir));
    for (const pid of frozen) process.kill(pid, "SIGSTOP");
    for (let i = 0; i < 3; i++) {
      const h = await health(kefu.url);
      assert.equal(h.database, "down");
      assert.ok(h.ms < 1_000, `answered in ${h.ms} ms`);
    }
    for (const pid of frozen.splice(0)) process.kill(pid, "SIGCONT");
    await healthBecomes(kefu.url, "ok", 5_000);
  } finally {
    for (const pid of frozen) process.kill(pid, "SIGCONT");
    await kefu.stop();
    cleanUp(dataDir);
  }
});
