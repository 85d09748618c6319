// `npm run bench:analytics` in its quick mode (BENCH_QUICK=1: 20,000 messages), so the benchmark cannot rot on main:
// it seeds its own embedded PostgreSQL, times every analytics query and writes its report.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";

const tsx = createRequire(import.meta.url).resolve("tsx/cli");

test("the analytics benchmark's quick mode seeds, times every query and writes its report", () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kefu-bench-analytics-test-")), "analytics.json");
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const stdout = execFileSync(process.execPath, [tsx, "bench/analytics.ts"], {
    env: { ...env, BENCH_QUICK: "1", BENCH_OUT: out },
    encoding: "utf8",
    timeout: 240_000,
  });
  assert.match(stdout, /seeded 20000 messages/);
  const report = JSON.parse(fs.readFileSync(out, "utf8"));
  assert.equal(report.quick, true);
  assert.equal(report.messages, 20_000);
  const names = report.results.map((r: { query: string }) => r.query);
  for (const q of [
    "conversationsPerDay",
    "outcomes",
    "humanTimes",
    "csat",
    "usage",
    "knowledgeGaps",
    "variants",
    "whole page (parallel)",
  ])
    assert.ok(names.includes(q), q);
  for (const r of report.results) assert.ok(r.p50Ms > 0 && r.p99Ms >= r.p50Ms, JSON.stringify(r));
});
