import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { testEnv } from "./helpers/env";

// Runs its own engines in this test process, on copies of the tiny model named like real choices.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-models-"));
for (const name of ["main.gguf", "variant-b.gguf", "light.gguf"]) fs.copyFileSync(testEnv.model, path.join(dir, name));
process.env.KEFU_MODELS_DIR = dir;

const { createBot } = await import("../lib/bots");
const { appendMessage, createVisitor, messagesAfter, openConversation } = await import("../lib/conversations");
const { botReply } = await import("../lib/answering/bot-reply");
const { disconnectDb } = await import("../lib/db/client");
const { engine } = await import("../lib/llm");
const { loadState } = await import("../lib/llm/load-monitor");
const { abArm, routeAnswer, unloadPool } = await import("../lib/llm/router");
const { makeTenant } = await import("./helpers/fixtures");

let t: Awaited<ReturnType<typeof makeTenant>>;
let bot: Awaited<ReturnType<typeof createBot>>;

before(async () => {
  await engine().load(path.join(dir, "main.gguf"));
  t = await makeTenant("routing");
  bot = await createBot(t.tenant.id, {
    ...t.bot,
    name: `${t.bot.name} A/B`,
    modelId: "main.gguf",
    abModelId: "variant-b.gguf",
    abShare: 50,
    lightModelId: "light.gguf",
    knowledgeBaseIds: t.bot.knowledgeBaseIds,
  });
  // the other models load in their own processes on first use; wait until both answer
  const until = Date.now() + 30_000;
  const warm = (id: string) => routeAnswer(bot, id)?.modelId;
  const b = Array.from({ length: 20 }, (_, i) => `warm-${i}`).find((id) => abArm(id, 50) === "B")!;
  loadState().degraded = true;
  while (warm("x") !== "light" && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  loadState().degraded = false;
  while (warm(b) !== "variant-b" && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
});

after(async () => {
  await unloadPool();
  await engine().unload();
  await disconnectDb();
});

async function ask(conversationId: string) {
  await appendMessage(t.tenant.id, {
    conversationId,
    role: "visitor",
    text: t.entry.title,
    clientId: crypto.randomUUID(),
  });
  await botReply(t.tenant.id, bot, conversationId, t.entry.title);
  const msgs = await messagesAfter(t.tenant.id, conversationId, 0);
  const last = msgs.filter((m) => m.role === "bot").at(-1)!;
  const { db } = await import("../lib/db/client");
  return db().message.findUniqueOrThrow({
    where: { id: last.id },
    select: { model: true, variant: true, degraded: true },
  });
}

async function newConversation() {
  const visitor = await createVisitor(t.tenant.id);
  return (await openConversation(t.tenant.id, bot.id, visitor.id)).conversation.id;
}

test("A/B: each conversation sticks to one arm, and every bot message records the model and the arm", async () => {
  const arms = new Set<string>();
  for (let i = 0; i < 6; i++) {
    const id = await newConversation();
    const expected = abArm(id, 50);
    const first = await ask(id);
    const second = await ask(id);
    assert.deepEqual(first, { model: expected === "B" ? "variant-b" : "main", variant: expected, degraded: false });
    assert.deepEqual(second, first, "sticky within the conversation");
    arms.add(expected);
  }
  assert.ok(arms.size >= 1);
});

test("under load, new answers go to the bot's light model and are recorded as degraded", async () => {
  const id = await newConversation();
  loadState().degraded = true;
  try {
    const m = await ask(id);
    assert.equal(m.model, "light");
    assert.equal(m.degraded, true);
  } finally {
    loadState().degraded = false;
  }
  const calm = await ask(id);
  assert.equal(calm.degraded, false);
  assert.notEqual(calm.model, "light");
});

test("under load, a bot without a light model of its own uses the server's light model from models/settings.json", async () => {
  const { updateSettings } = await import("../lib/llm/settings");
  const plain = await createBot(t.tenant.id, {
    ...t.bot,
    name: "No light",
    modelId: "main.gguf",
    knowledgeBaseIds: t.bot.knowledgeBaseIds,
  });
  assert.equal(plain.lightModelId, null);
  const visitor = await createVisitor(t.tenant.id);
  const id = (await openConversation(t.tenant.id, plain.id, visitor.id)).conversation.id;
  const route = () => routeAnswer(plain, id);
  loadState().degraded = true;
  try {
    assert.equal(route()?.modelId, "main", "no light model anywhere: the bot's own model keeps answering");
    assert.equal(route()?.degraded, false);
    updateSettings({ light: "light.gguf" }, dir);
    const r = route();
    assert.equal(r?.modelId, "light");
    assert.equal(r?.degraded, true);
    await appendMessage(t.tenant.id, {
      conversationId: id,
      role: "visitor",
      text: t.entry.title,
      clientId: crypto.randomUUID(),
    });
    await botReply(t.tenant.id, plain, id, t.entry.title);
    const last = (await messagesAfter(t.tenant.id, id, 0)).filter((m) => m.role === "bot").at(-1)!;
    const { db } = await import("../lib/db/client");
    const stored = await db().message.findUniqueOrThrow({
      where: { id: last.id },
      select: { model: true, degraded: true },
    });
    assert.deepEqual(
      stored,
      { model: "light", degraded: true },
      "the answer records the light model and the degradation",
    );
  } finally {
    loadState().degraded = false;
  }
  assert.equal(route()?.modelId, "main", "back to the bot's model when the load falls");
  assert.equal(route()?.degraded, false);
  updateSettings({ light: null }, dir);
});

test("a model file name that is a path is refused when the bot is saved", async () => {
  await assert.rejects(
    createBot(t.tenant.id, { ...t.bot, modelId: "../../etc/passwd.gguf", knowledgeBaseIds: [] }),
    /file name/,
  );
  await assert.rejects(
    createBot(t.tenant.id, { ...t.bot, loraFile: "/abs/lora.gguf", knowledgeBaseIds: [] }),
    /file name/,
  );
});
