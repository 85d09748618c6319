import { searchKnowledge } from "../../lib/knowledge/search";
import { selfAndChildrenCpuMs, serverCpuMs } from "./cpu";
import { median, now, percentile, round, summarize, type Sample } from "./stats";
import { ask, connectVisitor, type Turn } from "./visitor";
import { QUESTION } from "./workload";

// ---------------------------------------------------------------------------------------------------------------
// 3 and 4. A real Kefu server

/**
 * `reps` questions, each from a new visitor. With `raw`, node-llama-cpp alone answers the same prompt in this process
 * between them (alternating which goes first): background load on the machine then hits both alike, and the e2e
 * ratios compare with raw runs of the same minutes. CPU figures count the e2e answers only.
 */
export async function benchE2e(
  url: string,
  key: string,
  reps: number,
  timeoutMs: number,
  serverPid: number,
  raw?: () => Promise<Sample>,
  rawInServer?: () => Promise<Sample>,
) {
  const turns: Turn[] = [];
  const rawSamples: Sample[] = [];
  const inServerSamples: Sample[] = [];
  const cpu = { server: 0, worker: 0, postgres: 0, other: 0, client: 0 };
  for (let i = 0; i <= reps; i++) {
    if (raw && i % 2 === 1) rawSamples.push(await raw());
    if (rawInServer && i % 2 === 0 && i > 0) inServerSamples.push(await rawInServer());
    const v = await connectVisitor(url, key); // a new visitor: a new conversation, so every prompt is the same
    try {
      const before = serverCpuMs(serverPid);
      const clientBefore = selfAndChildrenCpuMs().self;
      const t = await ask(v, timeoutMs);
      if (i > 0) {
        turns.push(t);
        const after = serverCpuMs(serverPid);
        for (const k of ["server", "worker", "postgres", "other"] as const) cpu[k] += after[k] - before[k];
        cpu.client += selfAndChildrenCpuMs().self - clientBefore;
      }
    } finally {
      v.socket.close();
    }
    if (raw && i > 0 && i % 2 === 0) rawSamples.push(await raw());
    if (rawInServer && i % 2 === 1) inServerSamples.push(await rawInServer());
  }
  const tokens = turns.reduce((s, t) => s + t.tokens, 0);
  const us = (ms: number) => round((ms * 1000) / tokens, 0);
  // CPU per delivered token by process; the client (this process) includes the DB read-back, not connecting
  const cpuPerToken = {
    tokens,
    serverUs: us(cpu.server),
    workerUs: us(cpu.worker),
    postgresUs: us(cpu.postgres),
    otherUs: us(cpu.other),
    clientUs: us(cpu.client),
  };
  const m = (f: (t: Turn) => number | null) => median(turns.map(f).filter((x): x is number => x != null));
  return {
    turns,
    rawInterleaved: rawSamples.length ? summarize(rawSamples) : null,
    rawInServer: inServerSamples.length ? summarize(inServerSamples) : null,
    cpuPerToken,
    ttftMinMs: round(Math.min(...turns.map((t) => t.ttftMs)), 2),
    tokPerSecMax: round(Math.max(...turns.map((t) => t.tokPerSec).filter(Number.isFinite)), 1),
    ttftMs: round(
      m((t) => t.ttftMs),
      2,
    ),
    serverTtftMs: round(
      m((t) => t.serverTtftMs),
      1,
    ),
    ackMs: round(
      m((t) => t.ackMs),
      2,
    ),
    tokPerSec: round(
      m((t) => t.tokPerSec),
      1,
    ),
    charsPerSec: round(
      m((t) => t.charsPerSec),
      0,
    ),
    tokens: m((t) => t.tokens),
    deltasPerAnswer: m((t) => t.deltas),
    doneMs: round(
      m((t) => t.doneMs),
      1,
    ),
    failed: turns.filter((t) => !t.ok).length,
    samples: turns.map((t) => ({
      ...t,
      sentAt: undefined,
      ttftMs: round(t.ttftMs, 2),
      ackMs: round(t.ackMs, 2),
      streamMs: round(t.streamMs, 1),
      doneMs: round(t.doneMs, 1),
      tokPerSec: round(t.tokPerSec, 1),
      charsPerSec: round(t.charsPerSec, 0),
    })),
  };
}

export async function benchConcurrent(url: string, key: string, level: number, rounds: number, timeoutMs: number) {
  const ttfts: number[] = [];
  const aggregates: number[] = [];
  const decodeSums: number[] = [];
  const perRound: {
    wallMs: number;
    ttftMs: (number | null)[];
    serverTtftMs: (number | null)[];
    doneMs: (number | null)[];
  }[] = [];
  let failed = 0;
  let streams = 0;
  for (let r = 0; r < rounds; r++) {
    const visitors = await Promise.all(Array.from({ length: level }, () => connectVisitor(url, key)));
    try {
      const t0 = now();
      const turns = await Promise.all(visitors.map((v) => ask(v, timeoutMs).catch(() => null)));
      const wall = now() - t0;
      let tokens = 0;
      let decodeSum = 0;
      for (const t of turns) {
        streams++;
        if (!t || !t.ok) {
          failed++;
          continue;
        }
        ttfts.push(t.ttftMs);
        tokens += t.tokens;
        if (Number.isFinite(t.tokPerSec)) decodeSum += t.tokPerSec;
      }
      aggregates.push((tokens * 1000) / wall);
      decodeSums.push(decodeSum);
      perRound.push({
        wallMs: round(wall, 0)!,
        ttftMs: turns.map((t) => round(t?.ttftMs, 0)),
        serverTtftMs: turns.map((t) => t?.serverTtftMs ?? null),
        doneMs: turns.map((t) => round(t?.doneMs, 0)),
      });
    } finally {
      for (const v of visitors) v.socket.close();
    }
  }
  return {
    conversations: level,
    rounds,
    streams,
    failed,
    aggregateTokPerSec: round(median(aggregates), 1),
    // the decode phase alone (prompt processing excluded): the sum of the streams' decode rates, which run side by side
    decodeSumTokPerSec: round(median(decodeSums), 1),
    ttftP50Ms: round(percentile(ttfts, 50), 1),
    ttftP95Ms: round(percentile(ttfts, 95), 1),
    perRound,
  };
}

export async function timeRetrieval(tenantId: string, kbId: string, n = 30) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = now();
    await searchKnowledge(tenantId, { query: QUESTION, k: 3, knowledgeBaseIds: [kbId] });
    times.push(now() - t);
  }
  return round(median(times.slice(5)), 2);
}
