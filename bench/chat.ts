// `npm run bench:chat`: the messaging path of a real Kefu under steady load, against a bare socket.io echo server
// with the same fan-out as the ceiling, plus idle widget connections held by one server. See bench/README.md.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { stringField, WireSocket } from "./chat-wire";
import { signInCookieAt } from "../tests/helpers/sign-in";
import { cpuSeconds, percentile, rssMb, spawnEcho, startKefu, type Proc } from "./chat-procs";

// BENCH_QUICK=1 (tests/bench-chat.test.ts): a small load for a second and 50 idle widgets, to prove the bench runs
const QUICK = process.env.BENCH_QUICK === "1";
const num = (name: string, def: number, quick = def) => Number(process.env[name] ?? (QUICK ? quick : def));
const RESULTS = path.resolve(process.env.BENCH_RESULTS || path.join("bench", "results", "chat.json"));
const cfg = {
  visitors: num("BENCH_VISITORS", 200, 10),
  agents: num("BENCH_AGENTS", 2),
  // messages per second per visitor: 55 × 200 offers 11,000/s, so a sustained 10,000/s can show (a rate measured
  // against exactly the target offered can only come out at or under it)
  rate: num("BENCH_RATE", 55, 5),
  seconds: num("BENCH_SECONDS", 10, 1),
  idle: num("BENCH_IDLE", 10_000, 50),
  idleHoldS: num("BENCH_IDLE_HOLD_S", 5, 1), // how long the idle connections are held before the RSS is read
  workers: num("BENCH_WORKERS", 2),
  only: process.env.BENCH_ONLY ?? "", // "idle": only the idle connections (no load, no echo server)
  // when Kefu cannot keep up with the target rate, the same run again at this rate (per visitor) shows what it sustains
  lowerRate: num("BENCH_LOWER_RATE", 10, 5),
};
const log = (m: string) => console.log(`[bench:chat] ${m}`);

type Done = {
  sent: number;
  unanswered: number;
  errors: Record<string, number>;
  latencies: number[];
  ackConv: string[];
  ackClient: string[];
  startedAt: number;
  lastAckAt: number;
  echoes: number;
};

function startWorkers(url: string, key: string, total: number, idle: boolean) {
  const per = Math.ceil(total / cfg.workers);
  return Array.from({ length: cfg.workers }, (_, wid) => {
    const count = Math.max(0, Math.min(per, total - wid * per));
    const w = new Worker(new URL("./chat-load-boot.mjs", import.meta.url), {
      workerData: { url, key, count, idle, wid },
    });
    const next = (type: string) =>
      new Promise<any>((resolve, reject) => {
        const on = (m: { type: string }) => m.type === type && (w.off("message", on), resolve(m));
        w.on("message", on);
        w.once("error", reject);
      });
    return { w, next, ready: next("ready") };
  });
}

/** M agent sockets counting the visitor messages delivered to them. */
async function connectAgents(url: string, cookie: string | undefined) {
  const agents: { socket: WireSocket; ids: Set<string>; dup: number }[] = [];
  for (let i = 0; i < cfg.agents; i++) {
    const socket = await WireSocket.connect(url, "/agent", {}, cookie ? { cookie } : {});
    const a = { socket, ids: new Set<string>(), dup: 0 };
    // the id and role read off the raw frame: JSON.parse of every delivered message cost the load generator more CPU
    // than the rest of its work (both servers' messages are plain JSON objects with string ids)
    socket.onRaw("message", (body) => {
      if (stringField(body, "role") !== "visitor") return;
      const id = stringField(body, "id")!;
      if (a.ids.has(id)) a.dup++;
      a.ids.add(id);
    });
    agents.push(a);
  }
  return agents;
}

/** One load run: connect, open conversations (then `prepare`), steady load, figures. */
async function run(
  label: string,
  target: { url: string; key: string; cookie?: string; procs: Proc[] },
  prepare: (convIds: string[]) => Promise<void>,
  rate = cfg.rate,
) {
  const agents = await connectAgents(target.url, target.cookie);
  const workers = startWorkers(target.url, target.key, cfg.visitors, false);
  const ready = await Promise.all(workers.map((w) => w.ready));
  const convIds = ready.flatMap((r) => r.conversationIds as string[]);
  log(`${label}: ${ready.reduce((n, r) => n + r.connected, 0)} visitors, ${agents.length} agents connected`);
  await prepare(convIds);
  agents.forEach((a) => (a.ids.clear(), (a.dup = 0)));
  const cpu0 = target.procs.map(cpuSeconds);
  const client0 = process.cpuUsage(); // the load generator's own CPU (this process and its client threads)
  let peakRss = 0;
  const rssTimer = setInterval(
    () =>
      (peakRss = Math.max(
        peakRss,
        target.procs.reduce((n, p) => n + rssMb(p), 0),
      )),
    500,
  );
  const t0 = Date.now();
  const results: Done[] = await Promise.all(
    workers.map((w) => (w.w.postMessage({ type: "go", rate, seconds: cfg.seconds }), w.next("done"))),
  );
  clearInterval(rssTimer);
  const cpu1 = target.procs.map(cpuSeconds);
  const client1 = process.cpuUsage(client0);
  const startedAt = Math.min(...results.map((r) => r.startedAt));
  const endedAt = Math.max(...results.map((r) => r.lastAckAt));
  const window = (endedAt - startedAt) / 1000;
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const acked = latencies.length;
  const delivered = Math.min(...agents.map((a) => a.ids.size));
  const errors: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
  await Promise.all(workers.map((w) => (w.w.postMessage({ type: "close" }), w.next("closed"))));
  await Promise.all(workers.map((w) => w.w.terminate()));
  agents.forEach((a) => a.socket.close());
  const wall = (Date.now() - t0) / 1000;
  return {
    label,
    offeredPerS: cfg.visitors * rate,
    sent: results.reduce((n, r) => n + r.sent, 0),
    acked,
    unanswered: results.reduce((n, r) => n + r.unanswered, 0),
    errors,
    windowS: +window.toFixed(2),
    ackedPerS: Math.round(acked / window),
    deliveredToEveryAgent: delivered,
    deliveredPerS: Math.round(delivered / window),
    visitorEchoes: results.reduce((n, r) => n + r.echoes, 0),
    agentDuplicates: agents.reduce((n, a) => n + a.dup, 0),
    ackMs: {
      p50: +percentile(latencies, 0.5).toFixed(2),
      p99: +percentile(latencies, 0.99).toFixed(2),
      max: +(latencies.at(-1) ?? 0).toFixed(2),
    },
    cpu: Object.fromEntries(target.procs.map((p, i) => [p.name, `${Math.round(((cpu1[i] - cpu0[i]) / wall) * 100)}%`])),
    // CPU time per acknowledged message: less sensitive than the rates to what else the machine runs meanwhile
    cpuUsPerMessage: {
      ...Object.fromEntries(
        target.procs.map((p, i) => [p.name, Math.round(((cpu1[i] - cpu0[i]) * 1e6) / Math.max(1, acked))]),
      ),
      loadClients: Math.round((client1.user + client1.system) / Math.max(1, acked)),
    },
    peakRssMb: Math.round(peakRss),
    ackedPairs: results.map((r) => ({ conv: r.ackConv, client: r.ackClient })),
  };
}

async function verify(sql: pg.Client, pairs: { conv: string[]; client: string[] }[], convIds: string[]) {
  const conv = pairs.flatMap((p) => p.conv);
  const client = pairs.flatMap((p) => p.client);
  const found = await sql.query(
    `SELECT count(*)::int AS n FROM messages m JOIN unnest($1::text[], $2::text[]) AS k(c, cl) ON m.conversation_id = k.c AND m.client_id = k.cl`,
    [conv, client],
  );
  const dup = await sql.query(
    `SELECT (count(*) - count(DISTINCT (conversation_id, client_id)))::int AS n FROM messages WHERE conversation_id = ANY($1) AND client_id IS NOT NULL`,
    [convIds],
  );
  const gaps = await sql.query(
    `SELECT count(*)::int AS n FROM (SELECT conversation_id FROM messages WHERE conversation_id = ANY($1) GROUP BY 1 HAVING max(seq) <> count(*)) g`,
    [convIds],
  );
  return { lost: conv.length - found.rows[0].n, duplicated: dup.rows[0].n, conversationsWithSeqGaps: gaps.rows[0].n };
}

async function idleConnections(url: string, key: string, server: Proc) {
  const before = rssMb(server);
  const cpu0 = cpuSeconds(server);
  const t0 = Date.now();
  const workers = startWorkers(url, key, cfg.idle, true);
  const ready = await Promise.all(workers.map((w) => w.ready));
  const connected = ready.reduce((n, r) => n + r.connected, 0);
  const connectS = (Date.now() - t0) / 1000;
  const connectCpuS = cpuSeconds(server) - cpu0;
  await new Promise((r) => setTimeout(r, cfg.idleHoldS * 1000));
  const held = rssMb(server);
  await Promise.all(workers.map((w) => (w.w.postMessage({ type: "close" }), w.next("closed"))));
  await Promise.all(workers.map((w) => w.w.terminate()));
  return {
    target: cfg.idle,
    connected,
    failed: cfg.idle - connected,
    connectSeconds: +connectS.toFixed(1),
    serverCpuMsPerConnect: +((connectCpuS * 1000) / Math.max(1, connected)).toFixed(2),
    serverRssMbBefore: Math.round(before),
    serverRssMbHeld: Math.round(held),
  };
}

async function main() {
  if (!process.env.KEFU_BENCH_URL && !fs.existsSync(".next/BUILD_ID"))
    execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  log(
    `${cfg.visitors} visitors × ${cfg.rate} msg/s for ${cfg.seconds} s, ${cfg.agents} agents, ${cfg.workers} client threads, ${os.cpus().length} cores`,
  );
  const kefu = await startKefu(log);
  const sql = new pg.Client({ connectionString: kefu.databaseUrl });
  const stops: (() => Promise<unknown>)[] = [() => kefu.stop()];
  onSignal = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  try {
    await sql.connect();
    const {
      rows: [bot],
    } = await sql.query(
      `SELECT b.public_key, b.tenant_id FROM bots b JOIN tenants t ON t.id = b.tenant_id WHERE t.slug = 'demo' LIMIT 1`,
    );
    const cookie = await signInCookieAt(kefu.url, kefu.adminEmail, kefu.adminPassword);
    // the bot out of the way: every conversation is held by an agent, so the path measured is receive → validate →
    // store → ack → fan-out (the first "hello" that opens each conversation is answered by the bot before the run)
    // idle connections first, while the server has only its start-up memory
    const idle = cfg.idle > 0 ? await idleConnections(kefu.url, bot.public_key, kefu.procs[0]) : null;
    if (idle)
      log(
        `idle: ${idle.connected} connections held, server RSS ${idle.serverRssMbBefore} → ${idle.serverRssMbHeld} MB`,
      );
    if (cfg.only === "idle") {
      console.log(
        JSON.stringify(
          { idle, idle10kUnder600Mb: !!idle && idle.connected >= 10_000 && idle.serverRssMbHeld < 600 },
          null,
          2,
        ),
      );
      return;
    }
    const load = async (label: string, rate: number) => {
      let convIds: string[] = [];
      const r = await run(
        label,
        { url: kefu.url, key: bot.public_key, cookie, procs: kefu.procs },
        async (ids) => {
          convIds = ids;
          await new Promise((res) => setTimeout(res, 1_500));
          await sql.query(`UPDATE conversations SET status = 'agent' WHERE id = ANY($1)`, [ids]);
        },
        rate,
      );
      const { ackedPairs: _, ...figures } = r;
      return { ...figures, ...(await verify(sql, r.ackedPairs, convIds)) };
    };
    const k = await load("kefu", cfg.rate);
    log(`kefu: ${k.ackedPerS}/s persisted, ${k.deliveredPerS}/s delivered, p99 ${k.ackMs.p99} ms`);
    const kLower =
      k.ackedPerS < 0.9 * k.offeredPerS && cfg.lowerRate < cfg.rate
        ? await load("kefu-lower-rate", cfg.lowerRate)
        : null;
    const echo = await spawnEcho();
    stops.push(() => echo.stop());
    const e = await run("echo", { url: echo.url, key: "echo", procs: [echo.proc] }, async () => {});
    await echo.stop();

    const { ackedPairs: _, ...echoFigures } = e;
    const result = {
      at: new Date().toISOString(),
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30) },
      config: { ...cfg, botOutOfTheWay: "conversations in 'agent' status" },
      kefu: k,
      kefuAtLowerRate: kLower,
      echo: echoFigures,
      ratio: {
        acked: +(k.ackedPerS / e.ackedPerS).toFixed(2),
        delivered: +(k.deliveredPerS / e.deliveredPerS).toFixed(2),
      },
      idle,
      targets: {
        persistedAndDelivered10k: k.ackedPerS >= 10_000 && k.deliveredPerS >= 10_000,
        p99AckUnder50ms: k.acked > 0 && k.ackMs.p99 <= 50,
        noneLost: k.lost === 0 && k.unanswered === 0 && k.acked === k.sent,
        noneDuplicated: k.duplicated === 0 && k.agentDuplicates === 0,
        idle10kUnder600Mb: !!idle && idle.connected >= 10_000 && idle.serverRssMbHeld < 600,
      },
    };
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    fs.writeFileSync(RESULTS, JSON.stringify(result, null, 2) + "\n");
    console.log(
      JSON.stringify(
        {
          kefu: result.kefu,
          kefuAtLowerRate: kLower,
          echo: echoFigures,
          ratio: result.ratio,
          idle,
          targets: result.targets,
        },
        null,
        2,
      ),
    );
    log(`written to ${path.relative(process.cwd(), RESULTS)}`);
  } finally {
    await sql.end().catch(() => {});
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
}

// Ctrl-C or a test's timeout: the servers (and their PostgreSQL) stop too
let onSignal = async () => {};
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => void onSignal().finally(() => process.exit(130)));

main().then(
  () => process.exit(0),
  (err) => {
    console.error("[bench:chat] failed:", err);
    process.exit(1);
  },
);
