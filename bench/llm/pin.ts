// Core placement of `npm run bench:llm`. On the 2-vCPU bench VM one vCPU at a time runs AVX-heavy code 15–25 % slower
// (a neighbour on the host), and the kernel keeps a process's compute thread on the vCPU it started on: the same
// generation measured 90 tok/s in one process and 110 in the next, so "Kefu ÷ raw" said more about placement than
// about Kefu. Pinned, raw node-llama-cpp and Kefu's inference process compute on the same core, interleaved
// (KEFU_INFERENCE_CPUS, lib/llm/cpu-pin.ts), and everything else (this process between raw runs, the web server,
// PostgreSQL, the socket client) runs on the other cores. BENCH_PIN=0 turns it off.
import os from "node:os";
import { pinProcess } from "../../lib/llm/cpu-pin";

const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
let enabled = process.env.BENCH_PIN !== "0" && cores >= 2;
const inference = process.env.KEFU_INFERENCE_CPUS || String(cores - 1);
const others = cores === 2 ? "0" : `0-${cores - 2}`;

/** Sets KEFU_INFERENCE_CPUS for the engines this bench starts and moves this process off that core. */
export async function setUpPinning(threads: number, log: (m: string) => void) {
  // the inference core(s) must hold the model's threads: more threads than cores is the 100× slowdown of docs/models.md
  if (enabled && !process.env.KEFU_INFERENCE_CPUS && threads > 1) enabled = false;
  if (!enabled) return log("cores: not pinned (BENCH_PIN=0, one core, or more than one model thread)");
  process.env.KEFU_INFERENCE_CPUS = inference;
  const ok = await pinProcess(process.pid, others);
  log(
    ok
      ? `cores: inference (raw and Kefu's) on ${inference}, everything else on ${others} (BENCH_PIN=0: unpinned)`
      : "cores: taskset failed, not pinned",
  );
}

/** Runs `fn` (raw node-llama-cpp in this process) on the inference core, then moves back. */
export async function onInferenceCore<T>(fn: () => Promise<T>): Promise<T> {
  if (!enabled) return fn();
  await pinProcess(process.pid, inference);
  try {
    return await fn();
  } finally {
    await pinProcess(process.pid, others);
  }
}
