// A bad setting stops Kefu at once with a message naming it, before anything is created (no data folder, no
// database): the whole environment is validated by lib/env.ts before server.ts loads anything else.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";

async function startWith(vars: Record<string, string>) {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kefu-env-")), "data");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    KEFU_DATA_DIR: dataDir,
    KEFU_NO_DOWNLOAD: "1",
    ...vars,
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output, dataDirCreated: fs.existsSync(dataDir) };
}

test("an invalid PORT stops Kefu before the data folder or the database is created, naming the variable", async () => {
  const r = await startWith({ PORT: "99999" });
  assert.equal(r.code, 1, r.output);
  assert.match(r.output, /Invalid environment: PORT: a TCP port \(1-65535\)/);
  assert.doesNotMatch(r.output, /PostgreSQL/);
  assert.equal(r.dataDirCreated, false, "the data folder was created before the check");
});

test("every bad variable is named at once, e.g. a non-number limit and a malformed URL", async () => {
  const r = await startWith({ KEFU_SEQUENCES: "four", KEFU_REDIS_URL: "not a url" });
  assert.equal(r.code, 1, r.output);
  assert.match(r.output, /KEFU_SEQUENCES: /);
  assert.match(r.output, /KEFU_REDIS_URL: /);
  assert.equal(r.dataDirCreated, false);
});
