// Model health history: one bucket per minute for the last 24 hours, in a bounded ring in this server's memory.
// Why memory and not PostgreSQL: the figures describe this server's own inference processes (another server has its
// own), a restart starts new processes anyway, and Prometheus (docs/monitoring.md) keeps the long, multi-server history.
// Answers and errors are kept per tenant, so a workspace sees only its own; memory, queue and restarts are the
// process's, shared by every workspace like the models themselves.

const BUCKET_MS = 60_000;
const KEEP = 24 * 60;

type AnswerBucket = { minute: number; answers: number; errors: number; firstTokenMs: number[] };
type ProcessBucket = { minute: number; memoryBytes: number; queueLength: number; restarts: number };

const g = globalThis as unknown as {
  __kefuModelAnswers?: Map<string, AnswerBucket[]>;
  __kefuModelProcess?: Map<string, ProcessBucket[]>;
  __kefuLightSwitches?: { at: number; to: string }[];
};
const answerRings = () => (g.__kefuModelAnswers ??= new Map<string, AnswerBucket[]>());
const processRings = () => (g.__kefuModelProcess ??= new Map<string, ProcessBucket[]>());
const switches = () => (g.__kefuLightSwitches ??= []);

function bucket<T extends { minute: number }>(rings: Map<string, T[]>, key: string, fresh: (minute: number) => T): T {
  const minute = Math.floor(Date.now() / BUCKET_MS);
  let ring = rings.get(key);
  if (!ring) rings.set(key, (ring = []));
  let last = ring[ring.length - 1];
  if (!last || last.minute !== minute) {
    ring.push((last = fresh(minute)));
    while (ring.length && ring[0].minute <= minute - KEEP) ring.shift();
  }
  return last;
}

const answerKey = (tenantId: string, model: string) => `${tenantId}\n${model}`;

/** One model answer of a tenant: its first-token time, or a failure. */
export function sampleAnswer(tenantId: string, model: string, a: { firstTokenMs?: number; failed?: boolean }) {
  const b = bucket(
    answerRings(),
    answerKey(tenantId, model),
    (minute): AnswerBucket => ({ minute, answers: 0, errors: 0, firstTokenMs: [] }),
  );
  b.answers++;
  if (a.failed) b.errors++;
  else if (a.firstTokenMs !== undefined && b.firstTokenMs.length < 1000) b.firstTokenMs.push(a.firstTokenMs);
}

/** A loaded model's process figures now (the sampler calls it every minute and the page on each read). */
export function sampleProcess(model: string, p: Omit<ProcessBucket, "minute">) {
  Object.assign(
    bucket(processRings(), model, (minute) => ({ minute, ...p })),
    p,
  );
}

export function sampleLightSwitch(to: "light" | "regular") {
  const s = switches();
  s.push({ at: Date.now(), to });
  while (s.length && s[0].at < Date.now() - KEEP * BUCKET_MS) s.shift();
}

const percentile = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
};

export type ModelHealthPoint = {
  at: string;
  answers: number;
  errors: number;
  firstTokenP50Ms: number | null;
  firstTokenP95Ms: number | null;
  memoryBytes: number | null;
  queueLength: number | null;
};

/** A model's minutes over the last `hours` for this tenant: its answers, and the process figures of that minute. */
export function modelHistory(tenantId: string, model: string, hours = 24): ModelHealthPoint[] {
  const since = Math.floor(Date.now() / BUCKET_MS) - Math.min(hours, 24) * 60;
  const byMinute = new Map<number, ModelHealthPoint>();
  const point = (minute: number) => {
    let p = byMinute.get(minute);
    if (!p) {
      p = {
        at: new Date(minute * BUCKET_MS).toISOString(),
        answers: 0,
        errors: 0,
        firstTokenP50Ms: null,
        firstTokenP95Ms: null,
        memoryBytes: null,
        queueLength: null,
      };
      byMinute.set(minute, p);
    }
    return p;
  };
  for (const b of answerRings().get(answerKey(tenantId, model)) ?? []) {
    if (b.minute <= since) continue;
    Object.assign(point(b.minute), {
      answers: b.answers,
      errors: b.errors,
      firstTokenP50Ms: percentile(b.firstTokenMs, 50),
      firstTokenP95Ms: percentile(b.firstTokenMs, 95),
    });
  }
  for (const b of processRings().get(model) ?? []) {
    if (b.minute <= since) continue;
    Object.assign(point(b.minute), { memoryBytes: b.memoryBytes || null, queueLength: b.queueLength });
  }
  return [...byMinute.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
}

/** First-token p50/p95 and the error rate over a tenant's whole kept history of a model. */
export function modelTotals(tenantId: string, model: string) {
  const ring = answerRings().get(answerKey(tenantId, model)) ?? [];
  const ttft = ring.flatMap((b) => b.firstTokenMs);
  const answers = ring.reduce((n, b) => n + b.answers, 0);
  const errors = ring.reduce((n, b) => n + b.errors, 0);
  return {
    answers,
    errors,
    errorRate: answers ? errors / answers : 0,
    firstTokenP50Ms: percentile(ttft, 50),
    firstTokenP95Ms: percentile(ttft, 95),
  };
}

export function lightSwitches(hours = 24) {
  const since = Date.now() - Math.min(hours, 24) * 3_600_000;
  return switches()
    .filter((s) => s.at > since)
    .map((s) => ({ at: new Date(s.at).toISOString(), to: s.to }));
}
