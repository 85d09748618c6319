import fs from "node:fs";
import { median, round } from "./stats";
import type { Turn } from "./visitor";

// Where the end-to-end first token's time goes: the server runs with KEFU_ANSWER_TRACE=1 and prints one
// `[kefu:trace]` line per model answer (lib/llm/trace.ts) with when each stage happened; the client's send and first
// delta are on the same clock (performance.timeOrigin + performance.now(), shared by the processes of one machine).

type Trace = Record<string, number | string | null> & { at: number; messageId: string };

export function readTraces(logFile: string): Map<string, Trace> {
  const out = new Map<string, Trace>();
  for (const line of fs.readFileSync(logFile, "utf8").split("\n")) {
    if (!line.startsWith("[kefu:trace] ")) continue;
    try {
      const t = JSON.parse(line.slice(13)) as Trace;
      out.set(t.messageId, t);
    } catch {}
  }
  return out;
}

/** [stage, from mark, to mark]; "send" and "client" are the client's emit and first delta. */
const STAGES = [
  ["socket in, store the message, ack, handoff rules", "send", "reply"],
  ["retrieval and prompt", "reply", "planned"],
  ["recent turns (database)", "planned", "turns"],
  ["AI SDK, provider, engine queue", "turns", "sent"],
  ["IPC to the inference process", "sent", "received"],
  ["worker setup (sequence, chat)", "received", "cleared"],
  ["prompt evaluation → first token (raw's work)", "cleared", "firstToken"],
  ["IPC back to the web server", "firstToken", "firstChunk"],
  ["AI SDK stream to the answer loop", "firstChunk", "firstDelta"],
  ["output guard and emit", "firstDelta", "firstEmitted"],
  ["socket.io to the visitor", "firstEmitted", "client"],
] as const;

export function firstTokenStages(turns: Turn[], traces: Map<string, Trace>) {
  const rows: Record<string, number>[] = [];
  const streamingCpu: number[] = [];
  for (const t of turns) {
    const tr = t.messageId ? traces.get(t.messageId) : undefined;
    if (!tr) continue;
    const send = performance.timeOrigin + t.sentAt;
    const abs = (k: string) =>
      k === "send"
        ? send
        : k === "client"
          ? send + t.ttftMs
          : typeof tr[k] === "number"
            ? tr.at + (tr[k] as number)
            : NaN;
    if (typeof tr.decodeCpuUs === "number" && typeof tr.tokens === "number" && tr.tokens > 1)
      streamingCpu.push(tr.decodeCpuUs / (tr.tokens - 1));
    const row: Record<string, number> = {};
    for (const [name, from, to] of STAGES) row[name] = abs(to) - abs(from);
    rows.push(row);
  }
  if (!rows.length) return null;
  const stages = Object.fromEntries(STAGES.map(([name]) => [name, round(median(rows.map((r) => r[name])), 2)]));
  const overhead = rows.map((r) =>
    Object.entries(r).reduce((s, [k, v]) => s + (k.startsWith("prompt evaluation") ? 0 : v), 0),
  );
  // the web server's CPU from the first delta to the last, per token after the first: what shares the machine with
  // the model while it decodes
  return {
    answers: rows.length,
    stagesMs: stages,
    kefuMs: round(median(overhead), 2),
    serverCpuWhileStreamingUsPerToken: round(median(streamingCpu), 0),
  };
}
