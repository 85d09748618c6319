import "./lib/server/check-env";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import next from "next";
import { Server } from "socket.io";
import { env, envVar, setEnvVar } from "./lib/env";
import { startDatabase } from "./lib/db/start";
import { disconnectDb } from "./lib/db/client";
import { databaseStopping } from "./lib/db/outage";
import { ensureDemoTenant, ensureFirstAdmin } from "./lib/tenants/seed";
import { engine, startModel } from "./lib/llm";
import { startLoadMonitor } from "./lib/llm/load-monitor";
import { startRetentionSweep } from "./lib/privacy/retention";
import { longestQueueWaitMs, unloadPool } from "./lib/llm/router";
import { registerVisitorNamespace } from "./lib/sockets/visitor";
import { registerAgentNamespace } from "./lib/sockets/agent";
import { attachSocketIo, coalesceWrites } from "./lib/realtime/socket-io";
import { ensureSecret } from "./lib/server/secret";
import { handleOpsRoute } from "./lib/server/ops-routes";
import { limitRequestBody } from "./lib/server/body-limit";
import { refuseUnsafeUrl } from "./lib/server/url-guard";
import { guardRequest } from "./lib/server/edge-guard";
import { startRetrieval, stopRetrieval } from "./lib/knowledge/retrieval/registry";
import { attachRedisAdapter } from "./lib/realtime/adapter";
import { drainRealtime, shutdownGraceMs } from "./lib/server/shutdown";
import { startInactivitySweep } from "./lib/answering/inactivity";
import { startWebhookWorker } from "./lib/webhooks/worker";
import { log } from "./lib/log";
import { startModelSampler } from "./lib/llm/health";

setEnvVar("NEXT_TELEMETRY_DISABLED", "1");
const say = (m: string, level: "info" | "warn" = "info") => log[level](m);
const dev = process.argv.includes("--dev");

async function main() {
  const started = Date.now();
  const { PORT, HOST, KEFU_DATA_DIR } = env();
  ensureSecret(KEFU_DATA_DIR);
  const publicUrl = envVar("KEFU_PUBLIC_URL") ?? `http://localhost:${PORT}`;
  if (!envVar("NEXTAUTH_URL")) setEnvVar("NEXTAUTH_URL", publicUrl);

  const database = await startDatabase(say);
  say(
    database.embedded
      ? `Embedded PostgreSQL ready (data in ${path.join(KEFU_DATA_DIR, "pg")})`
      : "Using the PostgreSQL server at DATABASE_URL",
  );
  const demo = await ensureDemoTenant();
  await ensureFirstAdmin(demo.id, say);
  void startRetrieval(say).catch((err) =>
    say(`⚠ knowledge indexes not built at start (${err.message}); built at first search`),
  );

  startLoadMonitor(longestQueueWaitMs, say, () => engine().ready);
  startModelSampler();
  startRetentionSweep(say);
  const model = startModel(say).finally(
    () => ((globalThis as { __kefuModelSettled?: boolean }).__kefuModelSettled = true),
  );

  if (!dev && !fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("No production build found: run `npm run build` (npm start does it for you)");
  }
  const app = next({ dev, dir: process.cwd(), hostname: "localhost", port: PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    if (handleOpsRoute(req, res)) return;
    if (guardRequest(req, res, dev) || refuseUnsafeUrl(req, res) || limitRequestBody(req, res)) return;
    // the audit log's "from which address": set here, over anything the client sent under that name
    req.headers["x-kefu-peer"] = req.socket.remoteAddress ?? "";
    void handle(req, res);
  });
  const io = new Server(server, {
    maxHttpBufferSize: 64 * 1024, // a message is at most 4,000 characters; refuse anything far larger
    pingInterval: 20_000,
    connectionStateRecovery: undefined,
    // per-connection memory and CPU: no compression state per socket (chat frames are small)
    perMessageDeflate: false,
    httpCompression: false,
  });
  attachSocketIo(io);
  coalesceWrites(io);
  const closeRedis = await attachRedisAdapter(io, say);
  registerVisitorNamespace(io.of("/visitor"));
  registerAgentNamespace(io.of("/agent"));

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(PORT, HOST, resolve);
    });
  } catch (err) {
    // nothing listens, so stop what this start began (a database another running Kefu owns is left to it) and say why,
    // rather than leave a process that looks started and serves nothing
    await engine()
      .unload()
      .catch((e) => say(`model unload: ${e}`));
    await unloadPool().catch((e) => say(`model pool unload: ${e}`));
    await disconnectDb().catch((e) => say(`database disconnect: ${e}`));
    await database.stop().catch((e) => say(`postgres stop: ${e}`));
    throw new Error(listenFailure(err as NodeJS.ErrnoException, PORT, HOST));
  }
  const stopSweep = startInactivitySweep(env().KEFU_INACTIVITY_SWEEP_MS, say);
  const stopWebhooks = startWebhookWorker(say);
  say(`Kefu is ready on ${publicUrl} (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  say(`Demo customer page: ${publicUrl}/demo   Sign in: ${publicUrl}/login`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: shutting down…`);
    // from here a connection PostgreSQL ends (its own shutdown, or one signalled with us by a terminal's Ctrl-C or
    // systemd's whole-group SIGTERM) is expected, not an outage to report
    databaseStopping();
    const force = setTimeout(() => process.exit(1), shutdownGraceMs() + 10_000);
    stopSweep();
    await drainRealtime(io, server, say).catch((err) => say(`realtime drain: ${err}`));
    await stopWebhooks();
    await closeRedis();
    await model.catch(() => {}); // a model that failed to load was logged by startModel
    await engine()
      .unload()
      .catch((err) => say(`model unload: ${err}`));
    await unloadPool().catch((err) => say(`model pool unload: ${err}`));
    // before the database stops: its "terminating connection" is then no lost channel to report
    await stopRetrieval().catch((err) => say(`knowledge listener stop: ${err}`));
    await disconnectDb().catch((err) => say(`database disconnect: ${err}`));
    await database.stop().catch((err) => say(`postgres stop: ${err}`));
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

function listenFailure(err: NodeJS.ErrnoException, port: number, host: string) {
  if (err.code === "EADDRINUSE")
    return `port ${port} on ${host} is already in use (another Kefu or another program): stop it, or set PORT to a free port`;
  if (err.code === "EACCES")
    return `port ${port} on ${host} needs privileges this user does not have: set PORT to 1024 or above`;
  if (err.code === "EADDRNOTAVAIL") return `HOST ${host} is not an address of this machine: set HOST (default 0.0.0.0)`;
  return `cannot listen on ${host}:${port}: ${err.message}`;
}

main().catch((err) => {
  log.error("failed to start", { err });
  process.exit(1);
});
