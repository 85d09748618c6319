// The repository's Prometheus config, alert rules and Grafana dashboard, checked with Debian's `prometheus` package:
// promtool on the files, then a real Prometheus scraping the running test Kefu, evaluating the rules, and answering
// every dashboard panel's query.
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";
import { connectVisitor, emitAck, waitFor } from "./helpers/sockets";

const dir = path.resolve("docker/monitoring");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-prom-"));
let prometheus: ChildProcess | undefined;
let promUrl = "";

const promtool = (...args: string[]) => execFileSync("promtool", args, { cwd: tmp, encoding: "utf8" });

async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => srv.once("listening", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = await res.json();
  assert.equal(body.status, "success", `${expr}: ${JSON.stringify(body)}`);
  return body.data.result;
}

async function eventually<T>(what: string, get: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await get();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
}

before(async () => {
  for (const f of ["prometheus.yml", "alerts.yml", "alerts.test.yml"])
    fs.copyFileSync(path.join(dir, f), path.join(tmp, f));
  const tokenFile = path.join(tmp, "kefu-metrics-token");
  fs.writeFileSync(tokenFile, "a-metrics-token\n");
  const shipped = fs.readFileSync(path.join(dir, "prometheus.yml"), "utf8");
  fs.writeFileSync(
    path.join(tmp, "prometheus.yml"),
    shipped.replaceAll("/etc/prometheus/kefu-metrics-token", tokenFile),
  );
  // the live run: the shipped rules, the test Kefu on loopback (no token there), scraped every second
  const target = new URL(testEnv.url).host;
  fs.writeFileSync(
    path.join(tmp, "live.yml"),
    `global: { scrape_interval: 1s, evaluation_interval: 1s }\nrule_files: [alerts.yml]\nscrape_configs:\n  - job_name: kefu\n    static_configs: [{ targets: ["${target}"] }]\n`,
  );
});

after(async () => {
  prometheus?.kill("SIGTERM");
  await disconnectDb();
});

test("promtool accepts the shipped config and alert rules, and the alerts' unit tests pass", () => {
  assert.match(promtool("check", "config", "prometheus.yml"), /SUCCESS/);
  assert.match(promtool("check", "rules", "alerts.yml"), /SUCCESS: \d+ rules found/);
  assert.match(promtool("test", "rules", "alerts.test.yml"), /SUCCESS/);
});

test("a real Prometheus scrapes Kefu, evaluates every alert rule and answers every Grafana panel's query", async () => {
  // something to measure: one conversation answered by the model
  const t = await makeTenant("prom");
  const { socket } = await connectVisitor({ key: t.bot.publicKey });
  const answered = waitFor(socket, "message", (m: { role: string }) => m.role === "bot", 30_000);
  await emitAck(socket, "message", { clientId: crypto.randomUUID(), text: t.entry.title });
  await answered;
  socket.close();

  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prometheus = spawn(
    "prometheus",
    [
      `--config.file=${path.join(tmp, "live.yml")}`,
      `--storage.tsdb.path=${path.join(tmp, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { cwd: tmp, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  prometheus.stderr?.on("data", (d) => (stderr = (stderr + d).slice(-4000)));

  const target = await eventually("the kefu target to be up", async () => {
    const body = await (await fetch(`${promUrl}/api/v1/targets`)).json();
    return body.data.activeTargets.find(
      (x: { labels: { job: string }; health: string }) => x.labels.job === "kefu" && x.health === "up",
    );
  }).catch((err) => assert.fail(`${err.message}\n${stderr}`));
  assert.equal(target.labels.job, "kefu");

  // per model and tenant, from Kefu's own /metrics
  const ttft = await eventually("first-token samples of this tenant", async () => {
    const r = await query(`kefu_model_first_token_seconds_count{tenant="${t.tenant.id}"}`);
    return r.length ? r : undefined;
  });
  assert.equal(ttft[0].metric.model, "stories260K");
  assert.equal((await query(`kefu_model_answers_total{tenant="${t.tenant.id}",outcome="ok"}`))[0].value[1], "1");
  assert.equal((await query('kefu_model_up{model="stories260K"}'))[0].value[1], "1");
  assert.ok(Number((await query('kefu_model_memory_bytes{model="stories260K"}'))[0].value[1]) > 1_000_000);
  assert.ok((await query('kefu_ack_seconds_count{ok="1"}')).length > 0, "acknowledgement times are measured");

  const rules = await eventually("every alert rule evaluated", async () => {
    const body = await (await fetch(`${promUrl}/api/v1/rules`)).json();
    const all = body.data.groups.flatMap((g: { rules: unknown[] }) => g.rules) as {
      name: string;
      health: string;
      query: string;
      lastEvaluation: string;
    }[];
    return all.length && all.every((r) => r.health === "ok" && !r.lastEvaluation.startsWith("0001")) ? all : undefined;
  });
  assert.ok(rules.length >= 8, rules.map((r) => r.name).join(", "));
  // the expressions behind the thresholds return data from the live Kefu (a healthy Kefu fires none of them)
  await eventually("the error-rate ratio to have data", async () =>
    (await query("sum by (model) (rate(kefu_model_answers_total[10m]))")).length ? true : undefined,
  );
  assert.ok((await query('up{job="kefu"} == 1')).length === 1);
  const firing = (await (await fetch(`${promUrl}/api/v1/alerts`)).json()).data.alerts.filter(
    (a: { state: string }) => a.state === "firing",
  );
  assert.deepEqual(
    firing.map((a: { labels: { alertname: string } }) => a.labels.alertname),
    [],
  );

  // Grafana is not in Debian: every panel's PromQL is run against the real Prometheus instead
  const dashboard = JSON.parse(fs.readFileSync(path.join(dir, "grafana/dashboards/kefu.json"), "utf8"));
  const exprs: string[] = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) =>
    p.targets.map((x) => x.expr),
  );
  assert.ok(exprs.length >= 12);
  const mustHaveData = [
    "kefu_messages_total",
    "kefu_model_first_token_seconds_bucket",
    "kefu_model_tokens_per_second",
    "kefu_ack_seconds_bucket",
    "kefu_model_queue_length",
    "kefu_model_memory_bytes",
  ];
  await eventually("every panel with live figures to have data", async () => {
    for (const expr of exprs) {
      const result = await query(expr); // a query Prometheus refuses fails here at once
      if (mustHaveData.some((m) => expr.includes(m)) && result.length === 0) return undefined;
    }
    return true;
  });
});
