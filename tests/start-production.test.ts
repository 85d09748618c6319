import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { io } from "socket.io-client";
import { db, disconnectDb } from "../lib/db/client";
import { makeTenant } from "./helpers/fixtures";
import { freePort } from "./helpers/server-process";

after(() => disconnectDb());

const childrenOf = (ppid: number) =>
  fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === ppid;
      } catch {
        return false;
      }
    });

// `npm start` (scripts/start.mjs, the Docker image's CMD) runs the server differently from the tests' tsx server:
// one bundled module with the memory settings of scripts/server-launch.mjs. This proves that server serves the
// pages and the chat, and that it runs without the parts it leaves out (tsx, Next's SWC compiler).
test("npm start's server (bundled, memory settings) serves pages and stores, acknowledges and echoes a visitor's message", async () => {
  const t = await makeTenant("start");
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-start-"));
  fs.mkdirSync(path.join(dataDir, "models"));
  const log = path.join(dataDir, "server.log");
  const fd = fs.openSync(log, "a");
  const launcher = spawn(process.execPath, ["scripts/start.mjs"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      KEFU_DATA_DIR: dataDir,
      KEFU_MODELS_DIR: path.join(dataDir, "models"),
      KEFU_NO_DOWNLOAD: "1",
      KEFU_MODEL_PATH: "",
      KEFU_REDIS_URL: "",
      KEFU_PUBLIC_URL: `http://localhost:${port}`,
      NEXTAUTH_URL: `http://localhost:${port}`,
      MALLOC_ARENA_MAX: "",
    },
    stdio: ["ignore", fd, fd],
  });
  fs.closeSync(fd);
  const exited = new Promise((resolve) => launcher.once("exit", (code, signal) => resolve(code ?? signal)));
  const url = `http://localhost:${port}`;
  try {
    const until = Date.now() + 120_000;
    while (
      !(await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      assert.equal(launcher.exitCode, null, `npm start exited: ${fs.readFileSync(log, "utf8").slice(-2000)}`);
      assert.ok(Date.now() < until, "npm start's server became healthy");
      await new Promise((r) => setTimeout(r, 200));
    }
    const children = childrenOf(launcher.pid!);
    assert.equal(children.length, 1, "the launcher keeps one child, the server (no esbuild service left running)");
    const server = children[0];
    const cmdline = fs.readFileSync(`/proc/${server}/cmdline`, "utf8").split("\0");
    assert.ok(
      cmdline.some((a) => a.endsWith(path.join(".next", "kefu-server.mjs"))),
      `the bundled server runs: ${cmdline.join(" ")}`,
    );
    assert.ok(!cmdline.includes("tsx"), "no TypeScript loader in the server process");
    assert.ok(
      cmdline.includes("--heap-growing-percent=50") && cmdline.includes("--no-wasm-tier-up"),
      "the server's V8 flags",
    );
    assert.match(
      fs.readFileSync(`/proc/${server}/environ`, "utf8"),
      /(^|\0)MALLOC_ARENA_MAX=2\0/,
      "an empty MALLOC_ARENA_MAX gets the default 2",
    );
    assert.ok(
      !fs.readFileSync(`/proc/${server}/maps`, "utf8").includes("next-swc"),
      "Next's SWC compiler is not loaded (config from the build)",
    );

    const page = await fetch(`${url}/login`);
    assert.equal(page.status, 200, "Next renders the sign-in page");
    assert.match(await page.text(), /<html/);

    const socket = io(`${url}/visitor`, {
      auth: { key: t.bot.publicKey },
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
    });
    try {
      await new Promise((resolve, reject) => (socket.once("session", resolve), socket.once("connect_error", reject)));
      const echoed = new Promise<{ id: string; text: string }>((resolve) =>
        socket.on("message", (m) => m.role === "visitor" && resolve(m)),
      );
      const ack = await socket
        .timeout(10_000)
        .emitWithAck("message", { clientId: "start-1", text: "hello from npm start" });
      assert.equal(ack.ok, true, JSON.stringify(ack));
      assert.equal(ack.seq, 1);
      const stored = await db().message.findFirstOrThrow({ where: { tenantId: t.tenant.id, id: ack.id } });
      assert.equal(stored.text, "hello from npm start");
      assert.equal((await echoed).id, ack.id);
    } finally {
      socket.close();
    }
  } finally {
    launcher.kill("SIGTERM");
    assert.equal(await exited, 0, "SIGTERM stops npm start cleanly");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a PORT already in use stops npm start with exit code 1 and says so, instead of a process that serves nothing", {
  timeout: 240_000,
}, async () => {
  const taken = net.createServer();
  await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
  const port = (taken.address() as AddressInfo).port;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-port-taken-"));
  const log = path.join(dataDir, "server.log");
  const fd = fs.openSync(log, "a");
  const launcher = spawn(process.execPath, ["scripts/start.mjs"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      KEFU_DATA_DIR: dataDir,
      KEFU_NO_DOWNLOAD: "1",
      KEFU_MODEL_PATH: "",
      KEFU_REDIS_URL: "",
    },
    stdio: ["ignore", fd, fd],
    detached: true, // its own process group, so a start that hangs is stopped whole below
  });
  fs.closeSync(fd);
  const exited = new Promise((resolve) => launcher.once("exit", (code, signal) => resolve(code ?? signal)));
  try {
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("still running"), 180_000))]);
    const text = fs.readFileSync(log, "utf8");
    assert.equal(code, 1, `npm start's exit: ${text.slice(-1500)}`);
    assert.match(text, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use .*set PORT to a free port`));
    assert.doesNotMatch(text, /uncaughtException/);
    // the database this start began was stopped with it
    const pid = path.join(dataDir, "pg", "data", "postmaster.pid");
    assert.ok(!fs.existsSync(pid), "no PostgreSQL left running on the data folder");
  } finally {
    if (launcher.exitCode === null) {
      process.kill(-launcher.pid!, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
    }
    taken.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
