// Hot swap of a bot's own model: switching it loads the new model in the background while the old one keeps
// answering; once the new one is ready new answers go to it; the answers being written finish on the old one, whole,
// and then the old one is unloaded. Its own engines in this test process, on copies of the tiny model.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { testEnv } from "./helpers/env";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-bot-swap-"));
for (const name of ["main.gguf", "old.gguf", "new.gguf"]) fs.copyFileSync(testEnv.model, path.join(dir, name));
process.env.KEFU_MODELS_DIR = dir;
// long answers, so they are still being written when the new model is ready, on a fast machine too; on a loaded one
// three of them may take longer than the default minute
process.env.KEFU_ANSWER_TIMEOUT_MS = "300000";

const { createBot } = await import("../lib/bots");
const { appendMessage, createVisitor, openConversation } = await import("../lib/conversations");
const { botReply } = await import("../lib/answering/bot-reply");
const { db, disconnectDb } = await import("../lib/db/client");
const { engine } = await import("../lib/llm");
const { poolInfo } = await import("../lib/llm/engine-view");
const { routeAnswer, unloadPool } = await import("../lib/llm/router");
const { makeTenant } = await import("./helpers/fixtures");
const { until } = await import("./helpers/until");

let t: Awaited<ReturnType<typeof makeTenant>>;
before(async () => {
  await engine().load(path.join(dir, "main.gguf"));
  t = await makeTenant("bot-swap");
});
after(async () => {
  await unloadPool();
  await engine().unload();
  await disconnectDb();
});

test("switching a bot's model mid-streams: the old one answers until the new one is ready, no stream is cut, then the old one is unloaded", async () => {
  const before = await createBot(t.tenant.id, {
    ...t.bot,
    name: `${t.bot.name} ${crypto.randomUUID().slice(0, 8)}`,
    modelId: "old.gguf",
    temperature: 0.8,
    maxTokens: 1000,
    fastPath: false,
    knowledgeBaseIds: t.bot.knowledgeBaseIds,
  });
  const conv = async () =>
    (await openConversation(t.tenant.id, before.id, (await createVisitor(t.tenant.id)).id)).conversation.id;
  await until(() => routeAnswer(before, crypto.randomUUID())?.modelId === "old", "the old model to load");
  const oldEngine = routeAnswer(before, crypto.randomUUID())!.engine;
  const oldPid = oldEngine.worker!.pid!;

  // three answers streaming on the old model
  const ids = [await conv(), await conv(), await conv()];
  const streams = ids.map(async (id) => {
    await appendMessage(t.tenant.id, {
      conversationId: id,
      role: "visitor",
      text: t.entry.title,
      clientId: crypto.randomUUID(),
    });
    await botReply(t.tenant.id, before, id, t.entry.title);
  });
  await until(() => oldEngine.inFlight === 3, "three answers in flight");

  // the admin switches the bot to another model
  const after = { ...before, modelId: "new.gguf" };
  const during = routeAnswer(after, crypto.randomUUID());
  assert.equal(during?.modelId, "old", "while the new model loads, the old one keeps answering");
  await until(() => routeAnswer(after, crypto.randomUUID())?.modelId === "new", "the new model to be ready");
  assert.ok(oldEngine.inFlight > 0, "the swap happened while answers were being written");
  assert.equal(
    poolInfo(dir).some((p) => p.file === "old.gguf"),
    false,
    "the old model is out of the pool: no new answer goes to it",
  );

  await Promise.all(streams);
  const answers = await db().message.findMany({
    where: { conversationId: { in: ids }, role: "bot" },
    select: { answerKind: true, model: true, tokens: true },
  });
  assert.equal(answers.length, 3);
  for (const a of answers) {
    assert.equal(a.answerKind, "model");
    assert.equal(a.model, "old", "finished on the model it started on");
    assert.ok((a.tokens ?? 0) > 0, "written to its end, not cut");
  }
  // drained, the old inference process exits
  await until(() => oldEngine.status === "none", "the old model to be unloaded", 10_000);
  await until(
    () => !fs.existsSync(`/proc/${oldPid}`) || fs.readFileSync(`/proc/${oldPid}/stat`, "utf8").includes(") Z "),
    "the old process to exit",
    10_000,
  );

  // the next answer of the bot is written by the new model
  const next = await conv();
  await appendMessage(t.tenant.id, {
    conversationId: next,
    role: "visitor",
    text: t.entry.title,
    clientId: crypto.randomUUID(),
  });
  await botReply(t.tenant.id, after, next, t.entry.title);
  const last = await db().message.findFirstOrThrow({
    where: { conversationId: next, role: "bot" },
    select: { model: true },
  });
  assert.equal(last.model, "new");
});
