import { execFile } from "node:child_process";
import { envVar } from "../env";
import { log } from "../log";

/**
 * `KEFU_INFERENCE_CPUS` (e.g. "1" or "2-3"): the inference processes run on these cores only, and the web server,
 * PostgreSQL and the rest keep the others. Unset: the kernel places everything (the default).
 *
 * Why: on a small machine the model's compute thread was moved between cores and preempted by the web server; and
 * on the 2-vCPU bench VM one vCPU at a time ran AVX-heavy code ~15–25 % slower (the host's neighbour), so the
 * same generation measured 90 or 115 tok/s depending on where the kernel put its thread (bench/README.md).
 * llama.cpp's own server offers the same control (--cpu-range).
 */
export function inferenceCpus(): string | null {
  const value = envVar("KEFU_INFERENCE_CPUS")?.trim();
  if (!value) return null;
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(value)) {
    log.warn(`KEFU_INFERENCE_CPUS=${JSON.stringify(value)} is not a core list like "1" or "2-3,6": ignored`);
    return null;
  }
  return value;
}

/** Every thread of `pid` (and the threads it starts later) on `cpus`; false when taskset failed (logged once). */
let warned = false;
export function pinProcess(pid: number, cpus: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile("taskset", ["-a", "-p", "-c", cpus, String(pid)], (err) => {
      if (err && !warned) {
        warned = true;
        log.warn(`could not pin the inference process to cores ${cpus}: ${err.message.split("\n")[0]}`);
      }
      resolve(!err);
    });
  });
}
