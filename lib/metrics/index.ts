import client from "prom-client";
import { sampleAnswer } from "./model-history";
import type { LiveSnapshot } from "../../widget/socket-events";

/**
 * Figures every part reports. Prometheus text at /metrics (operator-only) and, per tenant, a live snapshot for the
 * monitoring page. One registry per process, kept on globalThis because Next bundles its own module copies.
 */
function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "kefu_process_" });
  const messages = new client.Counter({
    name: "kefu_messages_total",
    help: "Messages stored",
    labelNames: ["tenant", "role"],
    registers: [registry],
  });
  const errors = new client.Counter({
    name: "kefu_errors_total",
    help: "Errors by kind",
    labelNames: ["tenant", "kind"],
    registers: [registry],
  });
  const ttft = new client.Histogram({
    name: "kefu_model_first_token_seconds",
    help: "Time from the visitor's message to the bot's first token",
    labelNames: ["tenant", "model"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [registry],
  });
  const tps = new client.Gauge({
    name: "kefu_model_tokens_per_second",
    help: "Generation speed of the last answer",
    labelNames: ["tenant", "model"],
    registers: [registry],
  });
  const tokens = new client.Counter({
    name: "kefu_model_tokens_total",
    help: "Tokens generated",
    labelNames: ["tenant", "model"],
    registers: [registry],
  });
  const openConversations = new client.Gauge({
    name: "kefu_open_conversations",
    help: "Conversations not closed",
    labelNames: ["tenant"],
    registers: [registry],
  });
  const connections = new client.Gauge({
    name: "kefu_socket_connections",
    help: "Open socket connections",
    labelNames: ["namespace"],
    registers: [registry],
  });
  const modelReady = new client.Gauge({
    name: "kefu_model_ready",
    help: "1 when a model is loaded and answering",
    registers: [registry],
  });
  const engineCrashes = new client.Counter({
    name: "kefu_engine_crashes_total",
    help: "Inference process crashes, kills and hangs",
    registers: [registry],
  });
  const engineBusy = new client.Counter({
    name: "kefu_engine_busy_total",
    help: "Answers refused because the queue was full",
    registers: [registry],
  });
  const queueLength = new client.Gauge({
    name: "kefu_engine_queue_length",
    help: "Answers waiting for a slot",
    registers: [registry],
  });
  const degradeSwitches = new client.Counter({
    name: "kefu_degrade_switches_total",
    help: "Switches between the regular and the light model under load",
    labelNames: ["to"],
    registers: [registry],
  });
  const degraded = new client.Gauge({
    name: "kefu_degraded",
    help: "1 while new answers go to the light model",
    registers: [registry],
  });
  const answers = new client.Counter({
    name: "kefu_model_answers_total",
    help: "Model answers by outcome (ok, error, busy, timeout)",
    labelNames: ["tenant", "model", "outcome"],
    registers: [registry],
  });
  const acks = new client.Histogram({
    name: "kefu_ack_seconds",
    help: "Time from a socket request to its acknowledgement",
    labelNames: ["event", "ok"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const modelQueue = new client.Gauge({
    name: "kefu_model_queue_length",
    help: "Answers waiting for a slot, per loaded model",
    labelNames: ["model"],
    registers: [registry],
  });
  const modelInFlight = new client.Gauge({
    name: "kefu_model_in_flight",
    help: "Answers being generated, per loaded model",
    labelNames: ["model"],
    registers: [registry],
  });
  const modelMemory = new client.Gauge({
    name: "kefu_model_memory_bytes",
    help: "Resident memory of each inference process",
    labelNames: ["model"],
    registers: [registry],
  });
  const modelUp = new client.Gauge({
    name: "kefu_model_up",
    help: "1 when this loaded model answers",
    labelNames: ["model"],
    registers: [registry],
  });
  const restarts = new client.Counter({
    name: "kefu_model_restarts_total",
    help: "Inference process restarts after a crash, kill or hang",
    labelNames: ["model", "process"],
    registers: [registry],
  });
  return {
    answers,
    acks,
    modelQueue,
    modelInFlight,
    modelMemory,
    modelUp,
    restarts,
    degradeSwitches,
    degraded,
    registry,
    messages,
    errors,
    ttft,
    tps,
    tokens,
    openConversations,
    connections,
    modelReady,
    engineCrashes,
    engineBusy,
    queueLength,
  };
}

const g = globalThis as unknown as { __kefuMetrics?: ReturnType<typeof create>; __kefuLive?: Map<string, Live> };
export function metrics() {
  g.__kefuMetrics ??= create();
  return g.__kefuMetrics;
}

// messages are counted per second (second, count) rather than kept one timestamp each: at thousands of messages a
// second a per-message array (and pruning it on every message) cost more CPU than storing the message
type Live = {
  messages: [number, number][];
  answers: { at: number; ttftMs: number; tps: number }[];
  errors: number[];
  prunedAt: number;
};
const WINDOW_MS = 60_000;

function live(tenantId: string): Live {
  g.__kefuLive ??= new Map();
  let l = g.__kefuLive.get(tenantId);
  if (!l) g.__kefuLive.set(tenantId, (l = { messages: [], answers: [], errors: [], prunedAt: 0 }));
  const now = Date.now();
  if (now - l.prunedAt >= 1_000) {
    const cutoff = now - 5 * WINDOW_MS;
    l.prunedAt = now;
    l.messages = l.messages.filter(([sec]) => sec * 1000 > cutoff - 1000);
    l.answers = l.answers.filter((a) => a.at > cutoff);
    l.errors = l.errors.filter((t) => t > cutoff);
  }
  return l;
}

const counters = new Map<string, { inc: () => void }>();
export function recordMessage(tenantId: string, role: string) {
  const key = `${tenantId}\n${role}`;
  let c = counters.get(key);
  if (!c) counters.set(key, (c = metrics().messages.labels({ tenant: tenantId, role })));
  c.inc();
  const m = live(tenantId).messages;
  const sec = Math.floor(Date.now() / 1000);
  const last = m[m.length - 1];
  if (last && last[0] === sec) last[1]++;
  else m.push([sec, 1]);
}

export function recordAnswer(
  tenantId: string,
  a: { model: string; ttftMs: number; tokens: number; durationMs: number },
) {
  const tps = a.durationMs > 0 ? (a.tokens * 1000) / a.durationMs : 0;
  const labels = { tenant: tenantId, model: a.model };
  metrics().ttft.observe(labels, a.ttftMs / 1000);
  metrics().tps.set(labels, tps);
  metrics().tokens.inc(labels, a.tokens);
  metrics().answers.inc({ ...labels, outcome: "ok" });
  sampleAnswer(tenantId, a.model, { firstTokenMs: a.ttftMs });
  live(tenantId).answers.push({ at: Date.now(), ttftMs: a.ttftMs, tps });
}

/** A failed answer of a model: counted in the tenant's errors and in the model's error rate. */
export function recordModelFailure(tenantId: string, model: string, outcome: "error" | "busy" | "timeout") {
  metrics().answers.inc({ tenant: tenantId, model, outcome });
  sampleAnswer(tenantId, model, { failed: true });
}

export function recordError(tenantId: string, kind: string) {
  metrics().errors.inc({ tenant: tenantId, kind });
  live(tenantId).errors.push(Date.now());
}

// the `metrics` event's payload (the shared socket protocol)
export type { LiveSnapshot };

/** The tenant's figures for the monitoring page: only this tenant's messages, answers and errors. */
export function liveSnapshot(tenantId: string, openConversations: number, model: LiveSnapshot["model"]): LiveSnapshot {
  const l = live(tenantId);
  const now = Date.now();
  const recent = l.answers.slice(-20);
  const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 10) / 10 : null);
  return {
    at: new Date(now).toISOString(),
    openConversations,
    messagesPerMinute: l.messages.reduce((n, [sec, count]) => (sec * 1000 > now - WINDOW_MS ? n + count : n), 0),
    firstTokenMs: avg(recent.map((a) => a.ttftMs)),
    tokensPerSecond: avg(recent.map((a) => a.tps)),
    errorsLast5m: l.errors.length,
    answersLast5m: l.answers.length,
    model,
  };
}
