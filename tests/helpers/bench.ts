// Runs a bench in its quickest mode (BENCH_QUICK=1), as `npm run bench:*` runs it, for tests/bench-*.test.ts: a bench
// that no longer runs on main fails there instead of in the hands of whoever measures next (bench:llm once stopped at
// its speed test with a 403). One bench per test file (scripts/test.mjs gives such a run 600 s a file).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = process.cwd();

/** Runs `npm run <script>` in quick mode with its results in a temporary file; returns the parsed results. */
export async function runBench(script: string, extraEnv: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-bench-test-"));
  const results = path.join(dir, "results.json");
  // the bench starts what it needs itself, as from a shell: none of the test server's settings leak into it
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_QUICK: "1", BENCH_RESULTS: results, ...extraEnv };
  for (const k of ["DATABASE_URL", "KEFU_DATA_DIR", "KEFU_SERVER_LOG", "KEFU_TEST_SERVER_PID", "KEFU_BENCH_URL"])
    delete env[k];
  const child = spawn(process.execPath, ["--import", "tsx", `bench/${script}.ts`], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // a test file that times out is ended with a signal: the bench then stops its server and PostgreSQL too
  const forward = () => child.kill("SIGINT");
  process.once("SIGTERM", forward);
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  process.off("SIGTERM", forward);
  try {
    assert.equal(code, 0, `bench:${script} exited with ${code}:\n${out.slice(-3000)}`);
    return { json: JSON.parse(fs.readFileSync(results, "utf8")), out };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
