// Processes of `npm run bench:chat`: the Kefu server under test (or a running one), the echo server, and their
// CPU time and memory read from /proc.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { bundleServer, serverEnv, serverNodeFlags } from "../scripts/server-launch.mjs";

export type Proc = { name: string; pids: () => number[] };

const TICK = 100; // USER_HZ on Linux
function statOf(pid: number) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICK };
  } catch {
    return undefined;
  }
}
export const cpuSeconds = (p: Proc) => p.pids().reduce((n, pid) => n + (statOf(pid)?.cpu ?? 0), 0);
export function rssMb(p: Proc) {
  return p.pids().reduce((n, pid) => {
    try {
      const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
      return n + (m ? Number(m[1]) / 1024 : 0);
    } catch {
      return n;
    }
  }, 0);
}
/**
 * The embedded PostgreSQL under a bench's data folder: its postmaster and backends (parallel workers included), not
 * the other PostgreSQL servers on a shared machine.
 */
export function embeddedPostgres(dataDir: string): Proc {
  for (const e of fs.readdirSync(dataDir, { withFileTypes: true, recursive: true })) {
    if (e.name === "postmaster.pid") {
      const postmaster = Number(fs.readFileSync(path.join(e.parentPath, e.name), "utf8").split("\n")[0]);
      return { name: "postgres", pids: () => tree(postmaster) };
    }
  }
  throw new Error(`no postmaster.pid under ${dataDir}`);
}

/** A process and all its descendants (PostgreSQL's backends). */
function tree(root: number): number[] {
  const kids = new Map<number, number[]>();
  for (const d of fs.readdirSync("/proc")) {
    const pid = Number(d);
    if (!pid) continue;
    const st = statOf(pid);
    if (st) kids.set(st.ppid, [...(kids.get(st.ppid) ?? []), pid]);
  }
  const out: number[] = [];
  const walk = (p: number) => (out.push(p), (kids.get(p) ?? []).forEach(walk));
  walk(root);
  return out;
}

export function percentile(sorted: number[], q: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

async function waitFor(check: () => Promise<boolean>, what: string, ms = 120_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A Kefu of the bench's own (embedded PostgreSQL in a temp folder, no model), or the one at KEFU_BENCH_URL. */
export async function startKefu(log: (m: string) => void) {
  if (process.env.KEFU_BENCH_URL) {
    const pid = Number(process.env.KEFU_BENCH_PID) || 0;
    return {
      url: process.env.KEFU_BENCH_URL,
      databaseUrl: process.env.DATABASE_URL ?? "",
      adminEmail: process.env.KEFU_BENCH_ADMIN_EMAIL ?? "",
      adminPassword: process.env.KEFU_BENCH_ADMIN_PASSWORD ?? "",
      procs: [{ name: "kefu", pids: () => (pid ? [pid] : []) }] as Proc[],
      stop: async () => {},
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-bench-chat-"));
  fs.mkdirSync(path.join(dataDir, "models"));
  const port = await freePort();
  const adminEmail = "bench@kefu.local";
  const adminPassword = crypto.randomBytes(12).toString("base64url");
  const out = fs.openSync(path.join(dataDir, "server.log"), "a");
  // started as `npm start` starts it (scripts/server-launch.mjs: the bundled server, its V8 flags and environment), so
  // the bench measures what production runs; BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" adds
  // Node options (e.g. to profile the server under load)
  const nodeArgs = [...serverNodeFlags(), ...(process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, await bundleServer()], {
    env: {
      ...process.env,
      ...serverEnv(),
      PORT: String(port),
      HOST: "127.0.0.1",
      KEFU_DATA_DIR: dataDir,
      KEFU_MODELS_DIR: path.join(dataDir, "models"),
      KEFU_MODEL_PATH: "",
      KEFU_NO_DOWNLOAD: "1",
      DATABASE_URL: "",
      KEFU_REDIS_URL: "",
      KEFU_ADMIN_EMAIL: adminEmail,
      KEFU_ADMIN_PASSWORD: adminPassword,
      NEXTAUTH_SECRET: crypto.randomBytes(24).toString("base64url"),
      KEFU_PUBLIC_URL: `http://localhost:${port}`,
    },
    stdio: ["ignore", out, out],
  });
  const url = `http://localhost:${port}`;
  await waitFor(async () => {
    if (child.exitCode !== null)
      throw new Error(`Kefu exited: ${fs.readFileSync(path.join(dataDir, "server.log"), "utf8").slice(-1500)}`);
    return fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
  }, "Kefu");
  const pgInfo = JSON.parse(fs.readFileSync(path.join(dataDir, "postgres.json"), "utf8"));
  const postmaster = Number(fs.readFileSync(path.join(dataDir, "pg", "data", "postmaster.pid"), "utf8").split("\n")[0]);
  log(`Kefu on ${url} (pid ${child.pid}, embedded PostgreSQL pid ${postmaster}, data in ${dataDir})`);
  return {
    url,
    databaseUrl: `postgresql://kefu:${encodeURIComponent(pgInfo.password)}@127.0.0.1:${pgInfo.port}/kefu`,
    adminEmail,
    adminPassword,
    procs: [
      { name: "kefu", pids: () => [child.pid!] },
      { name: "postgres", pids: () => tree(postmaster) },
    ] as Proc[],
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      if (process.env.BENCH_KEEP) log(`server log kept in ${dataDir}/server.log`);
      else fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function spawnEcho() {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/echo-server.ts", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      const m = String(d).match(/listening (\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", () => reject(new Error("the echo server exited")));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    proc: { name: "echo", pids: () => [child.pid!] } as Proc,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
    },
  };
}
