// `npm run bench:llm`: what Kefu's inference path costs compared with node-llama-cpp used directly, on this
// machine, with the same model file, prompt, token budget and greedy sampling. See bench/README.md.
//
//   1. raw      node-llama-cpp alone (getLlama, loadModel, createContext, LlamaChat.generateResponse)
//   2. engine   Kefu's engine().generate (the supervised inference process, its queue, IPC)       — diagnostic
//      provider streamText from "ai" over createLlamaCppModel(engine())
//   3. e2e      a real Kefu server: socket.io visitor → message → retrieval → bot:delta stream → stored answer
//   4. load     1, 4 and 8 conversations at once through that server
//   5. swap     a model hot swap during 4 concurrent provider streams: streams cut (must be 0)
//
// Everything is loopback; loops are bounded; the server (and its embedded PostgreSQL) is stopped at the end.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultThreads } from "../lib/env";
import { engine } from "../lib/llm";
import { benchModel } from "./llm/model";
import { findModels } from "./llm/models";
import { currentServer, stopServer } from "./llm/server";
import { log, now, round } from "./llm/stats";
import { root } from "./llm/workload";
import { setUpPinning } from "./llm/pin";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const RESULTS = path.resolve(root, process.env.BENCH_RESULTS || path.join("bench", "results", "llm.json"));
const started = performance.now();

async function main() {
  const threads = defaultThreads();
  const models = await findModels();
  const llamaVersion = JSON.parse(
    fs.readFileSync(path.join(root, "node_modules", "node-llama-cpp", "package.json"), "utf8"),
  ).version;
  log(
    `Kefu LLM bench — ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "?"}), node ${process.version}, node-llama-cpp ${llamaVersion}`,
  );
  log(
    `threads: ${threads} (lib/env defaultThreads()${process.env.KEFU_THREADS ? ", from KEFU_THREADS" : ""}); sequences per context: ${engine().limits.concurrency} (KEFU_SEQUENCES)`,
  );
  await setUpPinning(threads, log);
  const loadBefore = os.loadavg().map((x) => round(x, 2));
  log(
    `load average before: ${loadBefore.join(" ")} (others' work on this machine makes wall-clock figures noisy: see "best" and CPU µs/token)`,
  );
  log(`models: ${models.map((m) => path.basename(m)).join(", ")}`);
  // the swap goes to another model when there is one (the second tiny model, else a real one), else the same file
  const second = path.resolve(root, "..", "shared", "models", "llama-2-tiny-random.gguf");
  const results = [];
  for (const m of models) {
    const target = models.find((x) => x !== m && fs.statSync(x).size < 50e6) ?? (fs.existsSync(second) ? second : m);
    results.push(await benchModel(m, threads, target));
  }
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      availableParallelism: os.availableParallelism?.(),
      memoryGB: round(os.totalmem() / 2 ** 30, 1),
      node: process.version,
      nodeLlamaCpp: llamaVersion,
    },
    threads,
    sequences: engine().limits.concurrency,
    durationS: round((now() - started) / 1000, 1),
    loadAverage: { before: loadBefore, after: os.loadavg().map((x) => round(x, 2)) },
    models: results,
  };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify(report, null, 2) + "\n");
  log(`\nload average after: ${report.loadAverage.after.join(" ")}`);
  log(`Wrote ${path.relative(root, RESULTS)} (${report.durationS} s in all)`);
}

let exiting = false;
async function cleanup(code: number) {
  if (exiting) return;
  exiting = true;
  await engine()
    .unload()
    .catch(() => {});
  await stopServer().catch(() => {});
  process.exit(code);
}
process.on("SIGINT", () => void cleanup(130));
process.on("SIGTERM", () => void cleanup(143));

main().then(
  () => cleanup(0),
  async (err) => {
    console.error(`bench failed: ${(err as Error).stack ?? err}`);
    const current = currentServer();
    if (current) console.error(fs.readFileSync(current.logFile, "utf8").split("\n").slice(-30).join("\n"));
    await cleanup(1);
  },
);
