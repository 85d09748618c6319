import { execFileSync } from "node:child_process";
import fs from "node:fs";

// CPU time per process from /proc (Linux): robust where wall-clock figures are not, on a machine shared with others.
let clkTck = 100;
try {
  clkTck = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
} catch {}
export type ProcInfo = { pid: number; ppid: number; cpuMs: number; comm: string; cmdline: string };
export function procInfo(pid: number): ProcInfo | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
    return { pid, ppid: Number(f[1]), cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / clkTck, comm, cmdline };
  } catch {
    return undefined;
  }
}
/** The process and all its descendants. */
export function processTree(root: number): ProcInfo[] {
  const all: ProcInfo[] = [];
  try {
    for (const d of fs.readdirSync("/proc"))
      if (/^\d+$/.test(d)) {
        const p = procInfo(Number(d));
        if (p) all.push(p);
      }
  } catch {
    return [];
  }
  const out = all.filter((p) => p.pid === root);
  for (let i = 0; i < out.length; i++) out.push(...all.filter((p) => p.ppid === out[i].pid));
  return out;
}
/** CPU ms of this process (precise) and of its child processes (the inference worker), summed. */
export function selfAndChildrenCpuMs() {
  const u = process.cpuUsage();
  const children = processTree(process.pid)
    .filter((p) => p.pid !== process.pid)
    .reduce((s, p) => s + p.cpuMs, 0);
  return { self: (u.user + u.system) / 1000, children };
}
/** CPU ms of a Kefu server by role: the web process, the inference worker, PostgreSQL, anything else. */
export function serverCpuMs(pid: number) {
  const out = { server: 0, worker: 0, postgres: 0, other: 0 };
  for (const p of processTree(pid)) {
    if (p.pid === pid) out.server += p.cpuMs;
    else if (p.cmdline.includes("kefu-worker") || p.cmdline.includes("llm/worker")) out.worker += p.cpuMs;
    else if (p.comm.startsWith("postgres") || p.cmdline.includes("postgres")) out.postgres += p.cpuMs;
    else out.other += p.cpuMs;
  }
  return out;
}
