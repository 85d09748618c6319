import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchConcurrencyInterleaved } from "./concurrency";
import { ask, connectVisitor } from "./visitor";
import { setUpTenant, startServer, stopServer } from "./server";
import { fmt, log, round } from "./stats";
import { chatHistory, kefuSystemPrompt } from "./workload";

/**
 * BENCH_ONLY=concurrency: step 4 alone, raw and Kefu interleaved (bench/llm/concurrency.ts), for a real model on a
 * busy machine where the whole bench would take too long. The server gets as many sequences as raw (KEFU_SEQUENCES,
 * 8 unless set), so 8 answers at once are one batch of 8 on both sides.
 */
export async function benchConcurrencyOnly(modelPath: string, threads: number) {
  process.env.KEFU_SEQUENCES ||= "8";
  const sequences = Number(process.env.KEFU_SEQUENCES);
  const maxTokens = Number(process.env.BENCH_MAX_TOKENS) || 64;
  const rounds = Number(process.env.BENCH_ROUNDS) || 3;
  const timeoutMs = 60_000 + maxTokens * 8 * 2_000;
  // the server's own answer timeout (60 s by default) must not turn queued answers into fallbacks on a busy machine
  process.env.KEFU_ANSWER_TIMEOUT_MS ||= String(timeoutMs);
  // nor its stall watchdog (15 s without a token) kill a worker that is only slow: at a load average of 24, 4 answers
  // at once went 89 s without a token while the others' prompts were evaluated, and all four became fallbacks
  process.env.KEFU_STALL_TIMEOUT_MS ||= String(timeoutMs);
  const id = path.basename(modelPath, ".gguf");
  const system = kefuSystemPrompt();
  log(
    `\n=== ${id} — step 4 only, raw and Kefu interleaved: ${maxTokens} tokens max, ${rounds} rounds, ${sequences} sequences, ${threads} thread(s)`,
  );
  const loadBefore = os.loadavg().map((x) => round(x, 2));
  const server = await startServer(modelPath);
  try {
    const pg = JSON.parse(fs.readFileSync(path.join(server.dataDir, "postgres.json"), "utf8"));
    process.env.DATABASE_URL = `postgresql://kefu:${encodeURIComponent(pg.password)}@127.0.0.1:${pg.port}/kefu`;
    log(`   server on ${server.url}; model ${server.health.model.id}, ${server.health.model.threads} thread(s)`);
    const { bot } = await setUpTenant(maxTokens);
    // one answer first: loads what a first answer loads, and shows the server's prompt gives raw's answer
    const v = await connectVisitor(server.url, bot.publicKey);
    const warm = await ask(v, timeoutMs).finally(() => v.socket.close());
    const levels = await benchConcurrencyInterleaved({
      modelPath,
      threads,
      sequences,
      url: server.url,
      botKey: bot.publicKey,
      history: chatHistory(system),
      maxTokens,
      rounds,
      timeoutMs,
    });
    const same = levels[1]?.rawText?.trim() === warm.text;
    if (!same)
      log(
        `   ⚠ the server's answer differs from raw's: ${JSON.stringify(warm.text.slice(0, 80))} vs ${JSON.stringify(levels[1]?.rawText?.slice(0, 80))}`,
      );
    for (const [level, s] of Object.entries(levels))
      log(
        `   ${level.padStart(2)} at once  raw ${fmt(s.rawAggregateTokPerSec, " tok/s")}  Kefu ${fmt(s.kefuAggregateTokPerSec, " tok/s")}  = ${fmt(s.kefuPctOfRaw, " %")} of raw (median of paired ratios ${fmt(s.kefuPctOfRawPairedMedian, " %")}; target ≥ 95 %)   load ${s.load1.raw.join("/")} · ${s.load1.kefu.join("/")}${s.kefuFailed ? `   ${s.kefuFailed} Kefu answers FAILED` : ""}`,
      );
    return {
      model: id,
      path: modelPath,
      only: "concurrency",
      maxTokens,
      rounds,
      sequences,
      threads,
      sameOutput: same,
      warmAnswer: warm.text,
      loadAverage: { before: loadBefore, after: os.loadavg().map((x) => round(x, 2)) },
      concurrencyInterleaved: levels,
    };
  } finally {
    await stopServer();
  }
}
