import { searchKnowledge } from "../../lib/knowledge/search";
import { selfAndChildrenCpuMs, serverCpuMs } from "./cpu";
import { median, now, percentile, round } from "./stats";
import { ask, connectVisitor, type Turn } from "./visitor";
import { QUESTION } from "./workload";

// ---------------------------------------------------------------------------------------------------------------
// 3 and 4. A real Kefu server

export async function benchE2e(url: string, key: string, reps: number, timeoutMs: number, serverPid: number) {
  const turns: Turn[] = [];
  let cpuBefore = { server: 0, worker: 0, postgres: 0, other: 0 };
  let clientBefore = 0;
  for (let i = 0; i <= reps; i++) {
    const v = await connectVisitor(url, key); // a new visitor: a new conversation, so every prompt is the same
    try {
      if (i === 1) {
        cpuBefore = serverCpuMs(serverPid);
        clientBefore = selfAndChildrenCpuMs().self;
      }
      const t = await ask(v, timeoutMs);
      if (i > 0) turns.push(t);
    } finally {
      v.socket.close();
    }
  }
  const cpuAfter = serverCpuMs(serverPid);
  const clientMs = selfAndChildrenCpuMs().self - clientBefore;
  const tokens = turns.reduce((s, t) => s + t.tokens, 0);
  const us = (ms: number) => round((ms * 1000) / tokens, 0);
  // CPU per delivered token by process; the client (this process) includes connecting and the DB read-back
  const cpuPerToken = {
    tokens,
    serverUs: us(cpuAfter.server - cpuBefore.server),
    workerUs: us(cpuAfter.worker - cpuBefore.worker),
    postgresUs: us(cpuAfter.postgres - cpuBefore.postgres),
    otherUs: us(cpuAfter.other - cpuBefore.other),
    clientUs: us(clientMs),
  };
  const m = (f: (t: Turn) => number | null) => median(turns.map(f).filter((x): x is number => x != null));
  return {
    cpuPerToken,
    ttftMinMs: round(Math.min(...turns.map((t) => t.ttftMs)), 2),
    tokPerSecMax: round(Math.max(...turns.map((t) => t.tokPerSec).filter(Number.isFinite)), 1),
    ttftMs: round(m((t) => t.ttftMs), 2),
    serverTtftMs: round(m((t) => t.serverTtftMs), 1),
    ackMs: round(m((t) => t.ackMs), 2),
    tokPerSec: round(m((t) => t.tokPerSec), 1),
    charsPerSec: round(m((t) => t.charsPerSec), 0),
    tokens: m((t) => t.tokens),
    deltasPerAnswer: m((t) => t.deltas),
    doneMs: round(m((t) => t.doneMs), 1),
    failed: turns.filter((t) => !t.ok).length,
    samples: turns.map((t) => ({ ...t, sentAt: undefined, ttftMs: round(t.ttftMs, 2), ackMs: round(t.ackMs, 2), streamMs: round(t.streamMs, 1), doneMs: round(t.doneMs, 1), tokPerSec: round(t.tokPerSec, 1), charsPerSec: round(t.charsPerSec, 0) })),
  };
}

export async function benchConcurrent(url: string, key: string, level: number, rounds: number, timeoutMs: number) {
  const ttfts: number[] = [];
  const aggregates: number[] = [];
  const decodeSums: number[] = [];
  const perRound: { wallMs: number; ttftMs: (number | null)[]; serverTtftMs: (number | null)[]; doneMs: (number | null)[] }[] = [];
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
