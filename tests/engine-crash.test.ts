import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, test } from "node:test";
import { createBot } from "../lib/bots";
import { disconnectDb } from "../lib/db/client";
import { testEnv } from "./helpers/env";
import { serverChildPid } from "./helpers/server-children";
import { makeTenant } from "./helpers/fixtures";
import { connectVisitor, emitAck, waitFor, type WireMessage } from "./helpers/sockets";

after(() => disconnectDb());

function serverWorkerPid(): number {
  return serverChildPid("--kefu-worker=");
}

async function health() {
  return (await (await fetch(`${testEnv.url}/api/health`)).json()) as { model: { status: string; restarts: number } };
}

test("killing the inference process mid-stream: the visitor gets a fallback and a human within 2 s; the server keeps serving", async () => {
  const t = await makeTenant("crash");
  const bot = await createBot(t.tenant.id, {
    ...t.bot,
    name: `${t.bot.name} ${crypto.randomUUID().slice(0, 8)}`,
    maxTokens: 2048,
    temperature: 0.9,
    knowledgeBaseIds: t.bot.knowledgeBaseIds,
  });
  const { socket } = await connectVisitor({ key: bot.publicKey });
  const restartsBefore = (await health()).model.restarts;
  let killedAt = 0;
  socket.on("bot:delta", () => {
    if (killedAt) return;
    killedAt = Date.now();
    process.kill(serverWorkerPid(), "SIGKILL");
  });
  const fallback = waitFor<WireMessage>(socket, "message", (m) => m.role === "bot", 20_000);
  const waiting = waitFor(socket, "status", (s: { status: string }) => s.status === "waiting", 20_000);
  // a question the knowledge answers: below the confidence threshold the bot would not ask the model at all
  await emitAck(socket, "message", { clientId: crypto.randomUUID(), text: t.entry.title });
  const answer = await fallback;
  await waiting;
  assert.ok(killedAt > 0);
  assert.ok(Date.now() - killedAt < 2000, `fallback after ${Date.now() - killedAt} ms`);
  assert.match(answer.text, /agent/);
  socket.close();

  const until = Date.now() + 30_000;
  let h = await health();
  while (h.model.status !== "ready" && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    h = await health();
  }
  assert.equal(h.model.status, "ready", "the engine restarted itself");
  assert.equal(h.model.restarts, restartsBefore + 1);
  const metrics = await (await fetch(`${testEnv.url}/metrics`)).text();
  assert.match(metrics, /kefu_engine_crashes_total [1-9]/);

  // and the next visitor is answered by the model again
  const { socket: next } = await connectVisitor({ key: t.bot.publicKey });
  const answered = waitFor<WireMessage>(next, "message", (m) => m.role === "bot", 30_000);
  await emitAck(next, "message", { clientId: crypto.randomUUID(), text: t.entry.title });
  assert.ok(((await answered) as { citations?: unknown[] }).citations?.length);
  next.close();
});
