// `npm test`: builds if needed, starts one real Kefu (embedded PostgreSQL, the tiny real model), runs every
// *.test.ts with node's test runner against it, stops it, and prints the totals.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { sourceHash } from "./source-hash.mjs";
import { ensureTestModel } from "./test-model.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const root = process.cwd();
const only = process.argv.slice(2);

function findTests(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".next", ".kefu", "generated", ".git"].includes(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findTests(p, out);
    else if (e.name.endsWith(".test.ts")) out.push(path.relative(root, p));
  }
  return out.sort();
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitHealthy(url, child, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`The Kefu server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error("The Kefu server did not become healthy in time");
}

const stamp = ".next/kefu-source-hash";
if (!(fs.existsSync(".next/BUILD_ID") && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === sourceHash())) {
  console.log("[test] building…");
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}

let model;
try {
  model = await ensureTestModel(root);
} catch (err) {
  console.error(
    `[test] no test model: ${err.message}. Put stories260K.gguf in ../shared/models or set KEFU_TEST_MODEL.`,
  );
  console.log("\n0 passed, 1 failed");
  process.exit(1);
}
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-test-"));
const port = await freePort();
const url = `http://localhost:${port}`;
const testEnv = {
  KEFU_TEST_URL: url,
  KEFU_TEST_DATA_DIR: dataDir,
  KEFU_TEST_MODEL: model,
  // the tiny model embeds too (64-dim vectors); tests that embed in their own process opt in with this path
  KEFU_TEST_EMBEDDING_MODEL: model,
  KEFU_TEST_ADMIN_EMAIL: "admin@kefu.test",
  KEFU_TEST_ADMIN_PASSWORD: "test-admin-password",
  NEXTAUTH_SECRET: "kefu-test-secret-0123456789abcdef",
  // the suite's servers serve hundreds of visitors and sign-ins from one address in minutes: limits far above what
  // the tests use (tests/security/rate-limits.test.ts starts its own server with low ones)
  KEFU_LOGIN_FREE_FAILURES: "100000",
  KEFU_LOGIN_FREE_FAILURES_PER_ADDRESS: "100000",
  KEFU_VISITOR_MESSAGES_PER_MINUTE: "1000000",
  KEFU_WIDGET_CONNECTIONS_PER_MINUTE: "1000000",
  KEFU_API_REQUESTS_PER_MINUTE: "1000000",
};
const serverEnv = {
  ...process.env,
  ...testEnv,
  NODE_ENV: "production",
  PORT: String(port),
  KEFU_DATA_DIR: dataDir,
  KEFU_MODEL_PATH: model,
  KEFU_EMBEDDING_MODEL_PATH: model,
  KEFU_NO_DOWNLOAD: "1",
  KEFU_ADMIN_EMAIL: testEnv.KEFU_TEST_ADMIN_EMAIL,
  KEFU_ADMIN_PASSWORD: testEnv.KEFU_TEST_ADMIN_PASSWORD,
};
delete serverEnv.DATABASE_URL;
const logFile = path.join(dataDir, "server.log");
const log = fs.openSync(logFile, "a");
const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
  env: serverEnv,
  stdio: ["ignore", log, log],
});
let code = 1;
let passed = 0;
let failed = 0;
try {
  await waitHealthy(url, server, 180_000);
  const pg = JSON.parse(fs.readFileSync(path.join(dataDir, "postgres.json"), "utf8"));
  const databaseUrl = `postgresql://kefu:${encodeURIComponent(pg.password)}@127.0.0.1:${pg.port}/kefu`;
  const files = only.length ? only : findTests(root);
  console.log(`[test] Kefu on ${url}; ${files.length} test files`);
  // the benches' quick modes (tests/bench-*.test.ts) start servers and models of their own: 180 s is tight for them
  // on a loaded machine, so a run that includes them allows each file 600 s
  const timeoutMs = files.some((f) => /(^|\/)bench-[^/]*\.test\.ts$/.test(f)) ? 600_000 : 180_000;
  const runner = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--test",
      "--test-concurrency=1",
      `--test-timeout=${timeoutMs}`,
      "--test-force-exit",
      "--test-reporter=spec",
      ...files,
    ],
    {
      env: {
        ...process.env,
        ...testEnv,
        DATABASE_URL: databaseUrl,
        KEFU_DATA_DIR: dataDir,
        KEFU_SERVER_LOG: logFile,
        KEFU_TEST_SERVER_PID: String(server.pid),
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  runner.stdout.on("data", (d) => {
    out += d;
    process.stdout.write(d);
  });
  code = await new Promise((resolve) => runner.on("exit", (c) => resolve(c ?? 1)));
  passed = Number(out.match(/ℹ pass (\d+)/)?.[1] ?? 0);
  failed = Number(out.match(/ℹ fail (\d+)/)?.[1] ?? 0);
  if (code !== 0 && failed === 0) failed = 1;
} catch (err) {
  console.error(`[test] ${err.message}`);
  console.error(fs.readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n"));
  failed = Math.max(failed, 1);
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => (server.exitCode !== null ? r() : server.on("exit", r)));
}
if (code !== 0) console.log(`[test] server log: ${logFile}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && code === 0 ? 0 : 1);
