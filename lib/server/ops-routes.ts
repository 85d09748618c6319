import type { IncomingMessage, ServerResponse } from "node:http";
import crypto from "node:crypto";
import { db } from "../db/client";
import { embedder, embeddingModelName, engine } from "../llm";
import { loadedEngines } from "../llm/router";
import { metrics } from "../metrics";
import { envVar } from "../env";
import { probeDatabase } from "../db/outage";
import { log } from "../log";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function tokenMatches(given: string | undefined, expected: string) {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * /metrics (Prometheus) is for the operator: with KEFU_METRICS_TOKEN set it needs `Authorization: Bearer <token>`;
 * without one it answers only on loopback, so it is never public by accident. Requests through a reverse proxy
 * arrive from loopback too: set a token when one is in front.
 */
/** Whether a /metrics request may read the figures (see the comment above). Returns the refusal, if any. */
export function metricsRefusal(
  remoteAddress: string | undefined,
  authorization: string | undefined,
  token = envVar("KEFU_METRICS_TOKEN"),
) {
  if (token) {
    const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    return tokenMatches(bearer, token)
      ? undefined
      : { status: 401, code: "unauthorized", message: "Send Authorization: Bearer <KEFU_METRICS_TOKEN>" };
  }
  return LOOPBACK.has(remoteAddress ?? "")
    ? undefined
    : {
        status: 403,
        code: "forbidden",
        message: "/metrics answers only on localhost unless KEFU_METRICS_TOKEN is set",
      };
}

async function serveMetrics(req: IncomingMessage, res: ServerResponse) {
  const refusal = metricsRefusal(req.socket.remoteAddress, req.headers.authorization);
  if (refusal) {
    res.writeHead(refusal.status, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }));
    return;
  }
  const m = metrics();
  m.modelReady.set(engine().ready ? 1 : 0);
  m.queueLength.set(engine().queueLength);
  for (const g of [m.modelQueue, m.modelInFlight, m.modelMemory, m.modelUp]) g.reset();
  for (const e of loadedEngines()) {
    if (!e.modelId) continue;
    const model = e.modelId;
    m.modelUp.set({ model }, e.ready ? 1 : 0);
    m.modelQueue.set({ model }, e.queueLength);
    m.modelInFlight.set({ model }, e.inFlight);
    if (e.worker?.rss) m.modelMemory.set({ model }, e.worker.rss);
  }
  const open = await db().conversation.groupBy({
    by: ["tenantId"],
    where: { status: { not: "closed" } },
    _count: true,
  });
  m.openConversations.reset();
  for (const row of open) m.openConversations.set({ tenant: row.tenantId }, row._count);
  res.writeHead(200, { "content-type": m.registry.contentType });
  res.end(await m.registry.metrics());
}

async function serveHealth(_req: IncomingMessage, res: ServerResponse) {
  // answers within a second whatever the database does (down, restarting, frozen)
  const database = (await probeDatabase()) ? "ok" : "down";
  const e = engine();
  const modelSettled = (globalThis as { __kefuModelSettled?: boolean }).__kefuModelSettled === true;
  const ok = database === "ok" && modelSettled;
  res.writeHead(ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
  // reported, not gated on: without an embedding model knowledge search still runs on keywords
  const emb = embedder();
  const embedding = {
    status: emb.status,
    model: embeddingModelName(),
    dimensions: emb.dimensions ?? null,
    error: emb.error ?? null,
  };
  res.end(
    JSON.stringify({
      status: ok ? "ok" : "starting",
      database,
      model: {
        status: e.status,
        id: e.modelId ?? null,
        threads: e.threads,
        restarts: e.restarts,
        error: e.error ?? null,
      },
      embedding,
    }),
  );
}

/** Routes the Node server answers itself, before Next. Returns false for everything else. */
export function handleOpsRoute(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? "").split("?")[0];
  if (req.method === "GET" && path === "/metrics") {
    void serveMetrics(req, res).catch((err) => (log.error("/metrics failed", { err }), res.writeHead(500), res.end()));
    return true;
  }
  if (req.method === "GET" && path === "/api/health") {
    void serveHealth(req, res).catch(() => (res.writeHead(503), res.end()));
    return true;
  }
  return false;
}
