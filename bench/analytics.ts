// `npm run bench:analytics`: every analytics query (lib/analytics) timed on 1 million stored messages, on an embedded
// PostgreSQL of its own. Two tenants (4:1) share 100,000 conversations of 10 messages over 90 days, seeded by
// generate_series in a few statements; the timed tenant asks for 30 days, all bots. BENCH_QUICK=1: 20,000 messages.
// Prints p50/p99 per query and writes bench/results/analytics.json (BENCH_OUT overrides the path). See bench/README.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const quick = process.env.BENCH_QUICK === "1";
const MESSAGES = quick ? 20_000 : 1_000_000;
const REPS = quick ? 5 : 30;
const out = process.env.BENCH_OUT ?? path.join(import.meta.dirname, "results", "analytics.json");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-bench-analytics-"));
fs.chmodSync(dir, 0o777); // embedded PostgreSQL runs as its own user when we are root
process.env.KEFU_DATA_DIR = dir;
delete process.env.DATABASE_URL;
const log = (m: string) => console.log(`[bench:analytics] ${m}`);

const { startDatabase } = await import("../lib/db/start");
const { db, disconnectDb } = await import("../lib/db/client");
const { makeTenant } = await import("../tests/helpers/fixtures");
const { analyticsOf } = await import("../lib/analytics");
const q = await import("../lib/analytics/queries");
const u = await import("../lib/analytics/usage");
const { cpuSeconds, embeddedPostgres } = await import("./chat-procs");

const database = await startDatabase(() => {});
try {
  const a = await makeTenant("bench-a");
  const b = await makeTenant("bench-b");
  const t0 = performance.now();
  const conversations = MESSAGES / 10;
  const sql = (s: string) => db().$executeRawUnsafe(s);
  // one visitor per conversation: a visitor has one open conversation per bot
  await sql(
    `INSERT INTO visitors (id, tenant_id) SELECT 'bv' || g, CASE WHEN g % 5 = 0 THEN '${b.tenant.id}' ELSE '${a.tenant.id}' END FROM generate_series(1, ${conversations}) g`,
  );
  // 4 of 5 conversations to tenant A; outcomes, ratings and models vary with the series number
  await sql(`
    INSERT INTO conversations (id, tenant_id, bot_id, visitor_id, status, handoff_reason, rating, last_seq, created_at, updated_at, closed_at)
    SELECT 'bc' || g, t.tid, t.bid, 'bv' || g,
      CASE g % 4 WHEN 0 THEN 'closed' WHEN 1 THEN 'closed' WHEN 2 THEN 'agent' ELSE 'bot' END,
      CASE WHEN g % 3 = 0 THEN (ARRAY['visitor_asked','low_confidence','bot_failed'])[1 + g % 7 % 3] END,
      CASE WHEN g % 2 = 0 THEN 1 + g % 5 END, 10,
      ts, ts + interval '10 minutes', CASE WHEN g % 4 < 2 THEN ts + interval '10 minutes' END
    FROM generate_series(1, ${conversations}) g,
      LATERAL (SELECT CASE WHEN g % 5 = 0 THEN '${b.tenant.id}' ELSE '${a.tenant.id}' END AS tid,
                      CASE WHEN g % 5 = 0 THEN '${b.bot.id}' ELSE '${a.bot.id}' END AS bid,
                      timestamp '2026-09-01' + (g::float8 / ${conversations}) * interval '90 days' AS ts) t`);
  await sql(`
    INSERT INTO messages (id, tenant_id, conversation_id, bot_id, seq, role, text, model, variant, answer_kind, tokens, first_token_ms, duration_ms, created_at)
    SELECT c.id || '-' || s, c.tenant_id, c.id, c.bot_id, s, r.role, 'Where is my order? It was due yesterday.',
      CASE WHEN r.role = 'bot' THEN 'model-' || (length(c.id) % 2) END, CASE WHEN r.role = 'bot' THEN (ARRAY['A','B'])[1 + s % 2] END,
      CASE WHEN r.role = 'bot' THEN 'model' END, CASE WHEN r.role = 'bot' THEN 20 + s END,
      CASE WHEN r.role = 'bot' THEN 300 + s * 7 END, CASE WHEN r.role = 'bot' THEN 1500 + s * 11 END,
      c.created_at + s * interval '20 seconds'
    FROM conversations c, generate_series(1, 10) s,
      LATERAL (SELECT CASE WHEN s % 2 = 1 THEN 'visitor' WHEN c.handoff_reason IS NOT NULL AND s > 4 THEN 'agent' ELSE 'bot' END AS role) r
    WHERE c.id LIKE 'bc%'`);
  await sql(`
    INSERT INTO knowledge_gaps (id, tenant_id, bot_id, question, question_key, best_score, count, created_at, last_asked_at)
    SELECT 'bg' || g, '${a.tenant.id}', '${a.bot.id}', 'question ' || g, 'question ' || g, 0.1, 1 + g % 4,
      timestamp '2026-09-01' + (g::float8 / 2000) * interval '90 days', timestamp '2026-11-30'
    FROM generate_series(1, 2000) g`);
  // what autovacuum does to a table after bulk inserts on a live database: statistics, and the visibility map that
  // lets the covering indexes answer alone (without it the timings depend on whether autovacuum has got there yet)
  await sql("VACUUM (ANALYZE)");
  const seedS = (performance.now() - t0) / 1000;
  const [{ n }] = await db().$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM messages");
  log(`seeded ${Number(n)} messages in ${conversations} conversations in ${seedS.toFixed(1)} s`);

  const postgres = embeddedPostgres(dir);
  const range = { from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-10-31T00:00:00Z") };
  const s = { tenantId: a.tenant.id, ...range };
  const queries: Record<string, () => Promise<unknown>> = {
    conversationsPerDay: () => q.conversationsPerDay(s),
    outcomes: () => q.outcomes(s),
    humanTimes: () => q.humanTimes(s),
    csat: () => q.csat(s),
    usage: () => u.usage(s),
    knowledgeGaps: () => u.gapsPerDay(s),
    variants: () => u.variants(s),
    "whole page (parallel)": () => analyticsOf(a.tenant.id, { from: "2026-10-01", to: "2026-10-30" }),
  };
  const pct = (xs: number[], p: number) =>
    xs.slice().sort((x, y) => x - y)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
  const results = [];
  for (const [name, run] of Object.entries(queries)) {
    await run(); // warm-up
    const ms: number[] = [];
    const cpu0 = cpuSeconds(postgres);
    for (let i = 0; i < REPS; i++) {
      const t = performance.now();
      await run();
      ms.push(performance.now() - t);
    }
    // PostgreSQL's CPU a run (the machine's load inflates wall time, not this)
    const pgCpuMs = Math.round(((cpuSeconds(postgres) - cpu0) * 1000) / REPS);
    const row = {
      query: name,
      p50Ms: +pct(ms, 50).toFixed(1),
      p99Ms: +pct(ms, 99).toFixed(1),
      postgresCpuMs: pgCpuMs,
      runs: REPS,
    };
    log(
      `${name.padEnd(22)} p50 ${String(row.p50Ms).padStart(7)} ms   p99 ${String(row.p99Ms).padStart(7)} ms   PostgreSQL CPU ${String(pgCpuMs).padStart(5)} ms a run`,
    );
    results.push(row);
  }
  const report = {
    at: new Date().toISOString(),
    loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
    quick,
    messages: Number(n),
    conversations,
    rangeDays: 30,
    seedSeconds: +seedS.toFixed(1),
    cpus: os.cpus().length,
    results,
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${out}`);
} finally {
  await disconnectDb();
  await database.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
