import fs from "node:fs";
import path from "node:path";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a process runs (a zombie does not: it is dead and only waits for its parent to reap it). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to another user (the `postgres` user when Kefu runs as root)
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return process.platform !== "linux"; // no /proc to ask: trust the signal check
  }
}

/** The PostgreSQL server that `postmaster.pid` in this data folder names, if it is still running. */
export function livePostmaster(pgData: string): { pid: number; port: number } | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(pgData, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!processAlive(pid)) return undefined;
  // a recycled pid that now belongs to something else is not our server
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (!cmdline.includes("postgres")) return undefined;
  } catch {
    /* no /proc: trust the lock file */
  }
  return { pid, port: Number(lines[3]) || 0 };
}

async function exited(pid: number, withinMs: number): Promise<boolean> {
  for (const until = Date.now() + withinMs; Date.now() < until; await sleep(100)) if (!processAlive(pid)) return true;
  return !processAlive(pid);
}

/**
 * Stops a PostgreSQL server that a killed Kefu left running on its data folder (re-parented to PID 1, still holding
 * the folder and the port). Fast shutdown first (SIGINT: sessions end, a clean checkpoint), then immediate
 * shutdown (SIGQUIT: crash recovery at the next start, nothing committed lost), then SIGKILL for a frozen one.
 */
export async function stopOrphanedPostmaster(pid: number, log: (m: string) => void): Promise<void> {
  for (const [signal, waitMs] of [
    ["SIGCONT", 0],
    ["SIGINT", 15_000],
    ["SIGQUIT", 5_000],
    ["SIGKILL", 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (waitMs && (await exited(pid, waitMs))) return;
  }
  if (processAlive(pid))
    throw new Error(
      `PostgreSQL (pid ${pid}) left running by a previous Kefu does not stop: stop it, then start Kefu again`,
    );
  log(`PostgreSQL (pid ${pid}) had to be killed`);
}
