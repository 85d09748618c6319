import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { engine } from "../../lib/llm";
import { benchEmbeddings } from "../llm-embed";
import { benchRawConcurrent } from "../llm-raw-concurrent";
import { benchConcurrencyOnly } from "./concurrency-only";
import { benchConcurrent, benchE2e, timeRetrieval } from "./e2e";
import { firstTokenStages, readTraces } from "./stages";
import { benchSwap } from "./engine-swap";
import { benchInProcess, loadRaw } from "./in-process";
import { onInferenceCore } from "./pin";
import { benchPromptReuse } from "./prompt-reuse";
import { speedTestOf } from "./speed-test";
import { hotSwapTarget, mark } from "./report";
import { setUpTenant, startServer, stopServer } from "./server";
import { benchServerSwap } from "./server-swap";
import { fmt, log, now, round } from "./stats";
import { chatHistory, kefuSystemPrompt, root } from "./workload";

/** Every step for one model file: prints its sections and returns its part of the JSON report. */
export async function benchModel(modelPath: string, threads: number, swapTarget: string) {
  const sizeBytes = fs.statSync(modelPath).size;
  const tiny = sizeBytes < 50e6;
  // a tiny model answers in a fraction of a second: many repetitions; a real one on 2 cores: few, short answers
  // BENCH_QUICK=1: every step once with a few tokens, to prove the bench still runs (tests/bench-llm.test.ts)
  const quick = process.env.BENCH_QUICK === "1";
  const maxTokens = Number(process.env.BENCH_MAX_TOKENS) || (quick ? 16 : tiny ? 256 : 64);
  const reps = Number(process.env.BENCH_REPS) || (quick ? 1 : tiny ? 15 : 7);
  const rounds = quick ? 1 : tiny ? 3 : 1;
  const timeoutMs = tiny ? 60_000 : 30_000 + maxTokens * 2_000;
  // BENCH_ONLY=concurrency: step 4 alone, raw and Kefu interleaved, on real models (bench/llm/concurrency-only.ts)
  if (process.env.BENCH_ONLY === "concurrency" && !tiny && !quick) return benchConcurrencyOnly(modelPath, threads);
  const id = path.basename(modelPath, ".gguf");
  const system = kefuSystemPrompt();
  log(
    `\n=== ${id} (${(sizeBytes / 1e6).toFixed(1)} MB${tiny ? ", tiny test model" : ""}) — ${maxTokens} tokens max, temperature 0, median of ${reps}`,
  );

  log("1+2. node-llama-cpp alone, Kefu's engine, Kefu's AI SDK provider (interleaved)…");
  const rawModel = await loadRaw(modelPath, threads);
  const e = engine();
  const tl = now();
  await e.load(modelPath);
  const engineLoadMs = round(now() - tl, 1);
  const inproc = await benchInProcess(rawModel, system, maxTokens, reps);
  const raw = { loadMs: rawModel.loadMs, ...rawModel.info(), ...inproc.raw };
  const eng = inproc.engine;
  const prov = inproc.provider;
  const cpuLine = (
    c: { thisProcessUs: number | null; workerUs: number | null; totalUs: number | null },
    split: boolean,
  ) =>
    `CPU ${fmt(c.totalUs, " µs/token", 0)}${split ? ` (worker ${fmt(c.workerUs, "", 0)} + caller ${fmt(c.thisProcessUs, "", 0)})` : ""}`;
  log(
    `   raw        first token ${fmt(raw.ttftMs, " ms", 2)} (best ${fmt(raw.ttftMinMs, " ms", 2)})   ${fmt(raw.tokPerSec, " tok/s")}   ${cpuLine(raw.cpuPerToken, false)}   (${raw.tokens} tokens after a ${raw.inputTokens}-token prompt; load ${raw.loadMs} ms; ${raw.chatWrapper})`,
  );
  log(
    `   engine     first token ${fmt(eng.ttftMs, " ms", 2)} (best ${fmt(eng.ttftMinMs, " ms", 2)})   ${fmt(eng.tokPerSec, " tok/s")}   ${cpuLine(eng.cpuPerToken, true)}   (${eng.tokens} tokens; load ${engineLoadMs} ms; ${e.threads} thread(s))`,
  );
  log(
    `   provider   first token ${fmt(prov.ttftMs, " ms", 2)} (best ${fmt(prov.ttftMinMs, " ms", 2)})   ${fmt(prov.tokPerSec, " tok/s")}   ${cpuLine(prov.cpuPerToken, true)}   (${prov.tokens} tokens)`,
  );
  const sameText = raw.samples[0]?.text === prov.samples[0]?.text;
  if (!sameText)
    log(
      `   ⚠ provider output differs from raw: ${JSON.stringify(raw.samples[0]?.text.slice(0, 80))} vs ${JSON.stringify(prov.samples[0]?.text.slice(0, 80))}`,
    );

  // the machine's own ceiling for step 4 (real models only: on the tiny one it says nothing)
  let rawConcurrent: Awaited<ReturnType<typeof benchRawConcurrent>> | null = null;
  if (!tiny) {
    log("4 (raw). node-llama-cpp alone, 1, 4 and 8 sequences of one context at once…");
    rawConcurrent = await onInferenceCore(() => benchRawConcurrent(modelPath, threads, chatHistory(system), maxTokens));
    for (const [level, r] of Object.entries(rawConcurrent))
      log(
        `   ${level.padStart(2)} at once  aggregate ${fmt(r.aggregateTokPerSec, " tok/s")} (decode only: ${fmt(r.decodeSumTokPerSec, " tok/s")})`,
      );
    log(
      `   raw 8 ÷ 1 ${fmt(rawConcurrent[8].aggregateTokPerSec / rawConcurrent[1].aggregateTokPerSec, "×", 2)} (decode only ${fmt(rawConcurrent[8].decodeSumTokPerSec / rawConcurrent[1].decodeSumTokPerSec, "×", 2)})`,
    );
  }

  // quick mode leaves out the steps that run only in this process (2b, 2c, 5a): the suite's 180 s per file
  if (quick) log("2b, 2c and 5a: left out in quick mode");
  else log("2b. embeddings: embedMany of 64 short texts, node-llama-cpp alone vs Kefu's embedding engine…");
  const embeddings = quick ? null : await benchEmbeddings(modelPath, threads);
  if (embeddings)
    log(
      `   raw        ${fmt(embeddings.rawTextsPerSec, " texts/s")}   Kefu embedMany ${fmt(embeddings.kefuTextsPerSec, " texts/s")} = ${fmt(embeddings.kefuPctOfRaw, " %")} of raw  (${embeddings.dimensions} dimensions, median of ${embeddings.repetitions})`,
    );

  if (!quick) log("2c. prompt reuse: the same bot's next question, Kefu's engine…");
  const reuse = quick ? null : await benchPromptReuse(maxTokens);
  if (reuse)
    log(
      `   first token: new bot ${fmt(reuse.firstTokenMs.fresh, " ms")} (${reuse.promptTokensEvaluated.fresh} prompt tokens evaluated)   same bot, same entries ${fmt(reuse.firstTokenMs.sameTopic, " ms")} (${reuse.promptTokensEvaluated.sameTopic})   same bot, other entries ${fmt(reuse.firstTokenMs.otherTopic, " ms")} (${reuse.promptTokensEvaluated.otherTopic})`,
    );

  if (!quick) log("5a. hot swap of the engine (this process) during 4 provider streams…");
  // long answers, so that they are still streaming when the new model takes over (a swap takes seconds)
  const swap = quick ? null : await benchSwap(system, tiny ? 1024 : maxTokens * 2, swapTarget);
  if (!swap) {
    if (!quick) log("   hot swap: not available yet");
  } else {
    log(
      `   hot swap via ${swap.method}: ${swap.from} → ${swap.to} in ${swap.swapMs} ms; streams cut ${swap.streamsCut}/${swap.streams}${swap.errors.length ? ` (${swap.errors.join("; ")})` : ""}; ${swap.inFlightAtCutover} still streaming at the cutover; answer after swap ${swap.answerAfterSwap.ok ? `ok (${swap.answerAfterSwap.modelId})` : `FAILED ${swap.answerAfterSwap.error}`}`,
    );
    if (!swap.inFlightAtCutover)
      log("   ⚠ every stream ended before the cutover: the swap test proves little (raise the stream length)");
  }
  await e.unload();

  log("3. end to end through a Kefu server…");
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    log("   no production build: node scripts/build.mjs");
    execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  }
  const ts = now();
  const server = await startServer(modelPath, swapTarget);
  const serverStartS = round((now() - ts) / 1000, 1);
  const pg = JSON.parse(fs.readFileSync(path.join(server.dataDir, "postgres.json"), "utf8"));
  process.env.DATABASE_URL = `postgresql://kefu:${encodeURIComponent(pg.password)}@127.0.0.1:${pg.port}/kefu`;
  log(
    `   server on ${server.url} in ${serverStartS} s; model ${server.health.model.id}, ${server.health.model.threads} thread(s)`,
  );
  const setup = await setUpTenant(maxTokens);
  const { tenant, kb, bot } = setup;
  const retrievalMs = await timeRetrieval(tenant.id, kb.id);
  const inServer = await speedTestOf(server.url, setup.admin, system, maxTokens);
  const e2eRun = await benchE2e(
    server.url,
    bot.publicKey,
    reps,
    timeoutMs,
    server.child.pid!,
    () => rawModel.run(system, maxTokens),
    inServer,
  );
  await rawModel.dispose();
  const { turns: e2eTurns, rawInterleaved, rawInServer, ...e2e } = e2eRun;
  // the e2e ratios compare with raw runs interleaved with the e2e answers (same minutes, same background load)
  const rawE2e = rawInterleaved ?? raw;
  const stages = firstTokenStages(e2eTurns, readTraces(server.logFile));
  log(
    `   raw        first token ${fmt(rawE2e.ttftMs, " ms", 2)} (best ${fmt(rawE2e.ttftMinMs, " ms", 2)})   ${fmt(rawE2e.tokPerSec, " tok/s")}   (node-llama-cpp alone in this process, interleaved with the e2e answers)`,
  );
  if (rawInServer)
    log(
      `   raw inside ${fmt(rawInServer.ttftMs, " ms", 2)} first token   ${fmt(rawInServer.tokPerSec, " tok/s")}   (node-llama-cpp's own chat loop inside the server's inference process: speed test, same weights in memory)`,
    );
  log(
    `   e2e        first token ${fmt(e2e.ttftMs, " ms", 2)} (best ${fmt(e2e.ttftMinMs, " ms", 2)}; server's own clock ${fmt(e2e.serverTtftMs, " ms")}; ack ${fmt(e2e.ackMs, " ms", 2)})   ${fmt(e2e.tokPerSec, " tok/s")}   ${fmt(e2e.charsPerSec, " chars/s", 0)}   (${e2e.tokens} tokens in ${e2e.deltasPerAnswer} deltas; retrieval alone ${retrievalMs} ms)`,
  );
  const c = e2e.cpuPerToken;
  log(
    `              CPU µs/token: worker ${fmt(c.workerUs, "", 0)}, web server ${fmt(c.serverUs, "", 0)}, PostgreSQL ${fmt(c.postgresUs, "", 0)}, other ${fmt(c.otherUs, "", 0)}; socket.io client (this process) ${fmt(c.clientUs, "", 0)}`,
  );
  if (stages) {
    log(`   e2e first token by stage (median of ${stages.answers}, ms; KEFU_ANSWER_TRACE):`);
    for (const [name, ms] of Object.entries(stages.stagesMs)) log(`      ${fmt(ms, "", 2).padStart(8)}  ${name}`);
    log(`      ${fmt(stages.kefuMs, "", 2).padStart(8)}  all but the prompt evaluation (Kefu's part)`);
    log(`   web server CPU while the answer streams: ${fmt(stages.serverCpuWhileStreamingUsPerToken, " µs/token", 0)}`);
  }
  const e2eSame = e2e.samples[0]?.text === raw.samples[0]?.text.trim();
  if (!e2eSame)
    log(
      `   ⚠ the server's answer differs from raw: ${JSON.stringify(e2e.samples[0]?.text.slice(0, 80))} vs ${JSON.stringify(raw.samples[0]?.text.trim().slice(0, 80))}`,
    );
  if (e2e.failed) log(`   ⚠ ${e2e.failed} answers failed`);

  log("4. concurrent conversations…");
  const concurrency: Record<string, Awaited<ReturnType<typeof benchConcurrent>>> = {};
  for (const level of [1, 4, 8]) {
    const c = await benchConcurrent(server.url, bot.publicKey, level, rounds, timeoutMs);
    concurrency[level] = c;
    log(
      `   ${String(level).padStart(2)} at once  aggregate ${fmt(c.aggregateTokPerSec, " tok/s")} (decode only: ${fmt(c.decodeSumTokPerSec, " tok/s")})   first token p50 ${fmt(c.ttftP50Ms, " ms")} p95 ${fmt(c.ttftP95Ms, " ms")}   (${c.streams} streams${c.failed ? `, ${c.failed} FAILED` : ""})`,
    );
  }
  log("5b. hot swap through the server's admin Models API during 4 conversations…");
  const serverSwap = await benchServerSwap(
    server,
    setup,
    swapTarget,
    tiny && !quick ? 1024 : maxTokens * 2,
    timeoutMs * 4,
  );
  if (!serverSwap.available) log(`   hot swap (server): not available yet (${serverSwap.reason})`);
  else if ("error" in serverSwap) log(`   ⚠ hot swap (server) failed: ${serverSwap.error}`);
  else {
    log(
      `   hot swap via ${serverSwap.method}: → ${serverSwap.to} ${serverSwap.loadStatus} in ${serverSwap.swapMs} ms; streams cut ${serverSwap.streamsCut}/${serverSwap.streams}; ${serverSwap.inFlightAtCutover} still streaming at the cutover; next answer from ${serverSwap.answerAfterSwap.model ?? "?"}`,
    );
    if (!serverSwap.inFlightAtCutover) log("   ⚠ every answer ended before the cutover: the swap test proves little");
  }
  await stopServer();

  const ratios = {
    providerFirstTokenOverheadMs: round(prov.ttftMs! - raw.ttftMs!, 2),
    providerTokPerSecPctOfRaw: round((100 * prov.tokPerSec!) / raw.tokPerSec!, 1),
    engineFirstTokenOverheadMs: round(eng.ttftMs! - raw.ttftMs!, 2),
    engineTokPerSecPctOfRaw: round((100 * eng.tokPerSec!) / raw.tokPerSec!, 1),
    e2eFirstTokenOverheadMs: round(e2e.ttftMs! - rawE2e.ttftMs!, 2),
    e2eTokPerSecPctOfRaw: round((100 * e2e.tokPerSec!) / rawE2e.tokPerSec!, 1),
    // against node-llama-cpp inside the server's own inference process (speed test): same process, same memory
    e2eTokPerSecPctOfRawInServer: rawInServer ? round((100 * e2e.tokPerSec!) / rawInServer.tokPerSec!, 1) : null,
    // against step 1's raw (other minutes): shown for comparison with earlier runs
    e2eFirstTokenOverheadVsStep1Ms: round(e2e.ttftMs! - raw.ttftMs!, 2),
    e2eTokPerSecPctOfStep1Raw: round((100 * e2e.tokPerSec!) / raw.tokPerSec!, 1),
    providerFirstTokenOverheadBestMs: round(prov.ttftMinMs! - raw.ttftMinMs!, 2),
    engineFirstTokenOverheadBestMs: round(eng.ttftMinMs! - raw.ttftMinMs!, 2),
    e2eFirstTokenOverheadBestMs: round(e2e.ttftMinMs! - rawE2e.ttftMinMs!, 2),
    providerCpuOverheadUsPerToken: round(prov.cpuPerToken.totalUs! - raw.cpuPerToken.totalUs!, 0),
    e2eCpuOverheadUsPerToken: round(
      e2e.cpuPerToken.workerUs! + e2e.cpuPerToken.serverUs! + e2e.cpuPerToken.postgresUs! - raw.cpuPerToken.totalUs!,
      0,
    ),
    concurrent8Over1: round(concurrency[8].aggregateTokPerSec! / concurrency[1].aggregateTokPerSec!, 2),
    concurrent4Over1: round(concurrency[4].aggregateTokPerSec! / concurrency[1].aggregateTokPerSec!, 2),
    concurrent8Over1DecodeOnly: round(concurrency[8].decodeSumTokPerSec! / concurrency[1].decodeSumTokPerSec!, 2),
    embeddingsPctOfRaw: embeddings?.kefuPctOfRaw ?? null,
  };
  const targets = {
    providerFirstTokenOverhead: {
      target: "≤ 20 ms",
      value: ratios.providerFirstTokenOverheadMs,
      pass: ratios.providerFirstTokenOverheadMs! <= 20,
    },
    e2eFirstTokenOverhead: {
      target: "≤ 20 ms",
      value: ratios.e2eFirstTokenOverheadMs,
      pass: ratios.e2eFirstTokenOverheadMs! <= 20,
    },
    providerTokPerSec: {
      target: "≥ 95 % of raw",
      value: ratios.providerTokPerSecPctOfRaw,
      pass: ratios.providerTokPerSecPctOfRaw! >= 95,
    },
    e2eTokPerSec: {
      target: "≥ 95 % of raw",
      value: ratios.e2eTokPerSecPctOfRaw,
      pass: ratios.e2eTokPerSecPctOfRaw! >= 95,
    },
    // the 3× target is for a real model: a tiny one is bound by per-token overheads, not by matrix work
    concurrent8: {
      target: "≥ 3× (real model)",
      value: ratios.concurrent8Over1,
      pass: tiny ? null : ratios.concurrent8Over1! >= 3,
    },
    hotSwapStreamsCut: hotSwapTarget(swap, serverSwap),
  };
  log(`   Kefu vs raw:`);
  log(
    `     ${mark(targets.providerFirstTokenOverhead.pass)}  first-token overhead, provider   ${fmt(ratios.providerFirstTokenOverheadMs, " ms", 2)}  (target ≤ 20 ms; best-case ${fmt(ratios.providerFirstTokenOverheadBestMs, " ms", 2)}; engine alone ${fmt(ratios.engineFirstTokenOverheadMs, " ms", 2)}, best-case ${fmt(ratios.engineFirstTokenOverheadBestMs, " ms", 2)})`,
  );
  log(
    `     ${mark(targets.e2eFirstTokenOverhead.pass)}  first-token overhead, end to end ${fmt(ratios.e2eFirstTokenOverheadMs, " ms", 2)}  (target ≤ 20 ms; best-case ${fmt(ratios.e2eFirstTokenOverheadBestMs, " ms", 2)}; by stage ${fmt(stages?.kefuMs, " ms", 2)}; vs step 1's raw ${fmt(ratios.e2eFirstTokenOverheadVsStep1Ms, " ms", 2)})`,
  );
  log(
    `     ${mark(targets.providerTokPerSec.pass)}  tokens/s, provider               ${fmt(ratios.providerTokPerSecPctOfRaw, " %")} of raw  (target ≥ 95 %; engine alone ${fmt(ratios.engineTokPerSecPctOfRaw, " %")})`,
  );
  log(
    `     ${mark(targets.e2eTokPerSec.pass)}  tokens/s, end to end             ${fmt(ratios.e2eTokPerSecPctOfRaw, " %")} of raw  (target ≥ 95 %; vs step 1's raw ${fmt(ratios.e2eTokPerSecPctOfStep1Raw, " %")}; vs raw inside the server's inference process ${fmt(ratios.e2eTokPerSecPctOfRawInServer, " %")})`,
  );
  log(
    `           CPU per token beyond raw       provider ${fmt(ratios.providerCpuOverheadUsPerToken, " µs", 0)}, end to end (server + worker + PostgreSQL) ${fmt(ratios.e2eCpuOverheadUsPerToken, " µs", 0)}  (raw ${fmt(raw.cpuPerToken.totalUs, " µs", 0)})`,
  );
  log(
    `     ${mark(targets.concurrent8.pass)}  8 concurrent ÷ 1                 ${fmt(ratios.concurrent8Over1, "×", 2)}  (target ≥ 3× on a real model; 4 ÷ 1 ${fmt(ratios.concurrent4Over1, "×", 2)}; decode only, 8 ÷ 1 ${fmt(ratios.concurrent8Over1DecodeOnly, "×", 2)})`,
  );
  log(
    `           embeddings (embedMany, 64 texts) ${fmt(ratios.embeddingsPctOfRaw, " %")} of raw  (${fmt(embeddings?.kefuTextsPerSec, " texts/s")} vs ${fmt(embeddings?.rawTextsPerSec, " texts/s")})`,
  );
  log(
    `     ${mark(targets.hotSwapStreamsCut.pass)}  hot swap, streams cut            ${targets.hotSwapStreamsCut.value ?? "not available yet"}  (target 0; ${targets.hotSwapStreamsCut.detail})`,
  );

  return {
    model: id,
    path: modelPath,
    sizeBytes,
    tiny,
    maxTokens,
    repetitions: reps,
    sameOutput: { providerVsRaw: sameText, e2eVsRaw: e2eSame },
    raw,
    engine: { loadMs: engineLoadMs, ...eng },
    provider: prov,
    embeddings,
    promptReuse: reuse,
    e2e: {
      serverStartS,
      serverThreads: server.health.model.threads,
      retrievalMs,
      rawInterleaved,
      rawInServer,
      firstTokenStages: stages,
      ...e2e,
    },
    concurrency,
    rawConcurrent,
    hotSwap: { engine: swap, server: serverSwap },
    ratios,
    targets,
  };
}
