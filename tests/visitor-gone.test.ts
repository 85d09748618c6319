// A visitor who leaves while the bot is writing: the answer stops (the engine's slot is freed for someone who is
// there), what was written is kept. A server of this test's own with a short grace period (KEFU_VISITOR_GONE_MS).
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import { io, type Socket } from "socket.io-client";
import { createBot } from "../lib/bots";
import { db, disconnectDb } from "../lib/db/client";
import { makeTenant } from "./helpers/fixtures";
import { startKefu, type KefuProcess } from "./helpers/server-process";

let kefu: KefuProcess;
before(async () => {
  kefu = await startKefu({ model: true, env: { KEFU_VISITOR_GONE_MS: "300" } });
});
after(async () => {
  await kefu?.stop();
  await disconnectDb();
});

function visitor(key: string) {
  const socket = io(`${kefu.url}/visitor`, {
    auth: { key },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  return new Promise<Socket>((resolve, reject) => {
    socket.once("session", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

async function botMessage(conversationId: string, ms = 60_000) {
  const until = Date.now() + ms;
  for (;;) {
    const m = await db().message.findFirst({
      where: { conversationId, role: "bot" },
      select: { text: true, answerKind: true, tokens: true, createdAt: true },
    });
    if (m) return m;
    if (Date.now() > until) throw new Error("no bot message");
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("the visitor leaves mid-answer: the answer stops soon after, keeping what was written; a visitor who stays gets it whole", async () => {
  const t = await makeTenant("gone");
  const bot = await createBot(t.tenant.id, {
    ...t.bot,
    name: `${t.bot.name} ${crypto.randomUUID().slice(0, 8)}`,
    maxTokens: 2048,
    temperature: 0.9,
    fastPath: false,
    knowledgeBaseIds: t.bot.knowledgeBaseIds,
  });

  const leaving = await visitor(bot.publicKey);
  let leftAt = 0;
  leaving.on("bot:delta", () => {
    if (leftAt) return;
    leftAt = Date.now();
    leaving.close();
  });
  const sent = await leaving
    .timeout(10_000)
    .emitWithAck("message", { clientId: crypto.randomUUID(), text: t.entry.title });
  const cut = await botMessage(sent.conversationId);
  assert.ok(leftAt > 0, "the answer had started");
  assert.equal(cut.answerKind, "model");
  assert.equal(cut.tokens, null, "stopped before its end: an answer that ran to its end records its token count");
  assert.ok(cut.text.length > 0, "what was written is kept");
  assert.ok(
    cut.createdAt.getTime() - leftAt < 3000,
    `stopped ${cut.createdAt.getTime() - leftAt} ms after the visitor left`,
  );

  const small = await createBot(t.tenant.id, {
    ...t.bot,
    name: "Short",
    maxTokens: 48,
    temperature: 0.9,
    fastPath: false,
    knowledgeBaseIds: t.bot.knowledgeBaseIds,
  });
  const stays = await visitor(small.publicKey);
  const asked = await stays
    .timeout(10_000)
    .emitWithAck("message", { clientId: crypto.randomUUID(), text: t.entry.title });
  const whole = await botMessage(asked.conversationId);
  assert.equal(whole.answerKind, "model");
  assert.ok((whole.tokens ?? 0) > 0, "an answer read to its end records its tokens");
  stays.close();
});
