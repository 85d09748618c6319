import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createBot } from "../../lib/bots";
import { disconnectDb } from "../../lib/db/client";
import { createEntry, createKnowledgeBase } from "../../lib/knowledge";
import { createTenant } from "../../lib/tenants";
import { embeddingModel } from "./models";
import { sleep } from "./stats";
import { ENTRIES, INSTRUCTIONS, root } from "./workload";

// 3 and 4. A real Kefu server

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/**
 * The server's own admin (seeded at its first start from KEFU_ADMIN_EMAIL / KEFU_ADMIN_PASSWORD, in the first
 * workspace). Models are the server's: only admins of that workspace may speed-test or load them (lib/tenants/operator.ts).
 */
export const SERVER_ADMIN = { email: "admin@kefu.bench", password: "bench-admin-password" };

export type Server = { url: string; child: ChildProcess; dataDir: string; logFile: string; health: any };

export async function startServer(modelPath: string, swapTarget?: string): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-bench-"));
  // the server's models folder: the catalog and a copy of the hot-swap target (a tiny file), nothing of models/ changes
  const modelsDir = path.join(dataDir, "models");
  fs.mkdirSync(modelsDir);
  const catalog = path.join(root, "models", "catalog.json");
  if (fs.existsSync(catalog)) fs.copyFileSync(catalog, path.join(modelsDir, "catalog.json"));
  if (swapTarget) fs.copyFileSync(swapTarget, path.join(modelsDir, path.basename(swapTarget)));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOST: "127.0.0.1",
    KEFU_PUBLIC_URL: url,
    KEFU_DATA_DIR: dataDir,
    KEFU_MODEL_PATH: modelPath,
    // retrieval as in production: with an embedding model (the tiny one unless KEFU_EMBEDDING_MODEL_PATH names another)
    KEFU_EMBEDDING_MODEL_PATH: process.env.KEFU_EMBEDDING_MODEL_PATH || embeddingModel(),
    KEFU_MODELS_DIR: modelsDir,
    KEFU_NO_DOWNLOAD: "1",
    // every question from scratch, as raw node-llama-cpp does it: steps 3 and 4 compare like with like (the gain of
    // reusing a bot's prompt is measured on its own, step 2c)
    KEFU_PROMPT_REUSE: "0",
    // one line per model answer with its stages' times (bench/llm/stages.ts reads them from the log)
    KEFU_ANSWER_TRACE: "1",
    KEFU_ADMIN_EMAIL: SERVER_ADMIN.email,
    KEFU_ADMIN_PASSWORD: SERVER_ADMIN.password,
    NEXTAUTH_SECRET: "kefu-bench-secret-0123456789abcdef",
  };
  delete env.DATABASE_URL;
  const logFile = path.join(dataDir, "server.log");
  const out = fs.openSync(logFile, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], { env, stdio: ["ignore", out, out] });
  current = { url, child, dataDir, logFile, health: null };
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the Kefu server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      const body = await res.json();
      if (res.ok && body.model?.status === "ready") {
        current.health = body;
        return current;
      }
      if (res.ok) throw new Error(`the server started without its model: ${JSON.stringify(body.model)}`);
    } catch (err) {
      if ((err as Error).message.startsWith("the server started")) throw err;
    }
    await sleep(250);
  }
  throw new Error("the Kefu server did not become healthy within 180 s");
}

let current: Server | undefined;
/** The server being run, if any (its log is printed when the bench fails). */
export const currentServer = () => current;
export async function stopServer() {
  const s = current;
  current = undefined;
  if (!s) return;
  await disconnectDb().catch(() => {});
  if (s.child.exitCode === null && s.child.signalCode === null) {
    const exited = new Promise((r) => s.child.once("exit", r));
    s.child.kill("SIGTERM"); // the server stops its embedded PostgreSQL
    await Promise.race([exited, sleep(20_000)]);
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGKILL");
  }
  fs.rmSync(s.dataDir, { recursive: true, force: true });
}

export async function setUpTenant(maxTokens: number) {
  const slug = `bench-${crypto.randomBytes(4).toString("hex")}`;
  const tenant = await createTenant({ name: "Lotus Tea (bench)", slug });
  const kb = await createKnowledgeBase(tenant.id, "FAQ");
  for (const e of ENTRIES) await createEntry(tenant.id, { knowledgeBaseId: kb.id, title: e.title, content: e.content });
  const bot = await createBot(tenant.id, {
    name: "Lotus bench bot",
    greeting: "Hello",
    instructions: INSTRUCTIONS,
    temperature: 0,
    maxTokens,
    modelId: null,
    knowledgeBaseIds: [kb.id],
  });
  return { tenant, kb, bot, admin: SERVER_ADMIN };
}
