// A wrong encryption setting stops Kefu at start with a message naming it, before the data folder is created.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";

async function startWith(vars: Record<string, string>) {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kefu-enc-")), "data");
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

test("a key of the wrong length, a missing key file or an unknown cipher stops Kefu, naming the setting", async () => {
  const short = await startWith({ KEFU_ENCRYPTION_KEY: `k1:${"ab".repeat(16)}` });
  assert.equal(short.code, 1, short.output);
  assert.match(short.output, /failed to start: KEFU_ENCRYPTION_KEY: a key must be 32 bytes/);
  assert.equal(short.dataDirCreated, false);
  const file = await startWith({ KEFU_ENCRYPTION_KEY_FILE: "/nonexistent/kefu-keys" });
  assert.equal(file.code, 1, file.output);
  assert.match(file.output, /KEFU_ENCRYPTION_KEY_FILE: cannot read .*kefu-keys \(ENOENT\)/);
  const cipher = await startWith({ KEFU_ENCRYPTION_KEY: "ab".repeat(32), KEFU_ENCRYPTION_CIPHER: "des" });
  assert.equal(cipher.code, 1, cipher.output);
  assert.match(cipher.output, /Invalid environment: KEFU_ENCRYPTION_CIPHER/);
});
