// What a bot's model settings do to its answers, and how answers share the engine: LoRA adapter, temperature and max
// tokens, the bounded queue's busy answer, cancellation by a newer question, first come first served between
// conversations. Runs its own engines in this test process (the real tiny model), with one answer slot and a queue of
// one, so the order of answers is what the test decides.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { testEnv } from "./helpers/env";
import { writeLora } from "../scripts/make-lora.mjs";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-serving-"));
fs.copyFileSync(testEnv.model, path.join(dir, "main.gguf"));
writeLora({ out: path.join(dir, "story-lora.gguf"), base: testEnv.model, strength: 3, seed: 7 });
// the same shapes with B = 0: loaded and applied, it changes nothing — so any difference comes from the weights
writeLora({ out: path.join(dir, "zero-lora.gguf"), base: testEnv.model, strength: 0, seed: 7 });
fs.writeFileSync(path.join(dir, "broken-lora.gguf"), "not a GGUF file");
process.env.KEFU_MODELS_DIR = dir;
process.env.KEFU_SEQUENCES = "1";
process.env.KEFU_QUEUE_LIMIT = "1";
process.env.KEFU_ANSWER_TIMEOUT_MS = "300000"; // long answers on a loaded machine are not what is tested here

const { createBot } = await import("../lib/bots");
const { appendMessage, createVisitor, messagesAfter, openConversation } = await import("../lib/conversations");
const { botReply, cancelBotReply } = await import("../lib/answering/bot-reply");
const { db, disconnectDb } = await import("../lib/db/client");
const { engine } = await import("../lib/llm");
const { poolInfo } = await import("../lib/llm/engine-view");
const { longestQueueWaitMs, routeAnswer, unloadPool } = await import("../lib/llm/router");
const { makeTenant } = await import("./helpers/fixtures");
const { until } = await import("./helpers/until");

type Bot = Awaited<ReturnType<typeof createBot>>;
let t: Awaited<ReturnType<typeof makeTenant>>;

before(async () => {
  await engine().load(path.join(dir, "main.gguf"));
  t = await makeTenant("serving");
});
after(async () => {
  await unloadPool();
  await engine().unload();
  await disconnectDb();
});

const bot = (over: Record<string, unknown>) =>
  createBot(t.tenant.id, {
    ...t.bot,
    name: `${t.bot.name} ${crypto.randomUUID().slice(0, 8)}`,
    temperature: 0,
    maxTokens: 32,
    fastPath: false,
    knowledgeBaseIds: t.bot.knowledgeBaseIds,
    ...over,
  });

async function conversation(b: Bot) {
  const visitor = await createVisitor(t.tenant.id);
  return (await openConversation(t.tenant.id, b.id, visitor.id)).conversation.id;
}

/** The visitor asks; resolves with the bot messages stored in the conversation once the bot is done. */
async function ask(b: Bot, conversationId: string, text = t.entry.title) {
  await appendMessage(t.tenant.id, { conversationId, role: "visitor", text, clientId: crypto.randomUUID() });
  await botReply(t.tenant.id, b, conversationId, text);
  return botMessages(conversationId);
}

async function botMessages(conversationId: string) {
  const ids = (await messagesAfter(t.tenant.id, conversationId, 0)).filter((m) => m.role === "bot").map((m) => m.id);
  return db().message.findMany({
    where: { id: { in: ids } },
    orderBy: { seq: "asc" },
    select: { text: true, answerKind: true, model: true, tokens: true, createdAt: true },
  });
}

/** A bot's own model (here: a LoRA on the default model) loads in its own process on first use. */
async function warm(b: Bot) {
  const id = await conversation(b);
  await until(() => routeAnswer(b, id)?.engine !== engine(), "the bot's own model to load");
}

describe("a bot's model settings", () => {
  test("a LoRA adapter is applied on top of the base model: same question at temperature 0, another answer; a zero adapter changes nothing", async () => {
    const plain = await bot({ name: "Plain" });
    const adapted = await bot({ name: "Adapted", loraFile: "story-lora.gguf" });
    const neutral = await bot({ name: "Neutral", loraFile: "zero-lora.gguf" });
    await warm(adapted);
    await warm(neutral);
    const [base] = await ask(plain, await conversation(plain));
    const [withLora] = await ask(adapted, await conversation(adapted));
    const [withZero] = await ask(neutral, await conversation(neutral));
    assert.equal(base.answerKind, "model");
    assert.equal(withLora.answerKind, "model");
    assert.notEqual(withLora.text, base.text, "the adapter's weights change what the model writes");
    assert.equal(withZero.text, base.text, "an adapter of zeros leaves the base model's answer as it is");
    assert.equal(withLora.model, "main", "recorded as the base model");

    const pooled = poolInfo(dir).find((p) => p.lora === "story-lora.gguf");
    assert.equal(pooled?.file, "main.gguf");
    assert.equal(pooled?.use, "LoRA");
    assert.equal(pooled?.status, "ready");
    assert.equal(
      pooled?.memory?.modelFileBytes,
      fs.statSync(testEnv.model).size + fs.statSync(path.join(dir, "story-lora.gguf")).size,
    );
  });

  test("an adapter that does not load leaves the bot answering with its base model", async () => {
    const broken = await bot({ name: "Broken adapter", loraFile: "broken-lora.gguf" });
    const plain = await bot({ name: "Plain 2" });
    const id = await conversation(broken);
    routeAnswer(broken, id); // starts the load, which fails
    await until(
      () => poolInfo(dir).find((p) => p.lora === "broken-lora.gguf")?.status === "failed",
      "the broken adapter's load to fail",
      20_000,
    );
    assert.equal(
      poolInfo(dir).find((p) => p.lora === "broken-lora.gguf")?.status,
      "failed",
      "the failure shows on the Models page's list",
    );
    const [answer] = await ask(broken, id);
    const [base] = await ask(plain, await conversation(plain));
    assert.equal(answer.answerKind, "model");
    assert.equal(answer.text, base.text);
  });

  test("max tokens bounds each answer; temperature 0 answers the same question the same way, a high one varies", async () => {
    const short = await bot({ name: "Short", maxTokens: 16 });
    const long = await bot({ name: "Long", maxTokens: 96 });
    const [s] = await ask(short, await conversation(short));
    const [l] = await ask(long, await conversation(long));
    assert.ok(s.tokens! > 0 && s.tokens! <= 16, `short answer: ${s.tokens} tokens`);
    assert.ok(l.tokens! > 16, `long answer: ${l.tokens} tokens`);
    assert.ok(l.text.length > s.text.length);

    const [again] = await ask(short, await conversation(short));
    assert.equal(again.text, s.text, "temperature 0 is deterministic");
    const hot = await bot({ name: "Hot", temperature: 1.5, maxTokens: 32 });
    const texts = new Set<string>();
    for (let i = 0; i < 4; i++) texts.add((await ask(hot, await conversation(hot)))[0].text);
    assert.ok(texts.size > 1, "a high temperature samples different answers");
  });
});

describe("sharing the engine (1 slot, queue of 1)", () => {
  // a handoff's summary by the model also takes a slot: each test starts on an idle engine
  const idle = () => engineUntil(() => engine().inFlight === 0 && engine().queueLength === 0);

  test("beyond the queue a visitor gets the busy answer at once and the conversation goes to a human", async () => {
    await idle();
    const slow = await bot({ name: "Slow", temperature: 0.9, maxTokens: 2048 });
    const [a, b, c] = [await conversation(slow), await conversation(slow), await conversation(slow)];
    const first = ask(slow, a);
    await engineUntil(() => engine().inFlight === 1);
    const second = ask(slow, b);
    await engineUntil(() => engine().queueLength === 1);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(longestQueueWaitMs() >= 50, "the load monitor sees how long answers wait");
    const t0 = Date.now();
    const [busy] = await ask(slow, c);
    assert.ok(Date.now() - t0 < 2000, "answered at once, not queued");
    assert.equal(busy.answerKind, "busy");
    assert.match(busy.text, /busy.*agent/i);
    const conv = await db().conversation.findUniqueOrThrow({
      where: { id: c },
      select: { status: true, handoffReason: true },
    });
    assert.deepEqual(conv, { status: "waiting", handoffReason: "busy" });
    cancelBotReply(a);
    cancelBotReply(b);
    await Promise.all([first, second]);
  });

  test("a newer question cancels the answer being written, and a conversation waiting in the queue goes first", async () => {
    await new Promise((r) => setTimeout(r, 200)); // the previous handoff's summary starts after its routing
    await idle();
    const slow = await bot({ name: "Slow 2", temperature: 0.9, maxTokens: 2048 });
    const x = await conversation(slow);
    const y = await conversation(slow);
    const x1 = ask(slow, x);
    await engineUntil(() => engine().inFlight === 1);
    const x1Started = Date.now();
    const y1 = ask(slow, y);
    await engineUntil(() => engine().queueLength === 1);
    // X asks again: its first answer stops, Y (queued earlier) takes the slot, X's new answer waits behind Y
    const x2 = ask(slow, x, `${t.entry.title} Please tell me again.`);
    await x1;
    assert.ok(Date.now() - x1Started < 5000, "the first answer was cut short, not written to 2048 tokens");
    await Promise.all([y1, x2]);
    const [yAnswer] = await botMessages(y);
    const xAnswers = await botMessages(x);
    assert.equal(yAnswer.answerKind, "model");
    const xLast = xAnswers.at(-1)!;
    assert.equal(xLast.answerKind, "model");
    assert.ok(yAnswer.createdAt <= xLast.createdAt, "Y, queued first, is answered before X's newer question");
    assert.ok(xAnswers.length <= 2, "one answer per question at most");
  });
});

// the engine's state at a timeout says which way a wait went wrong
const engineState = () => `in flight ${engine().inFlight}, queued ${engine().queueLength}`;
const engineUntil = (cond: () => boolean) => until(cond, String(cond), 20_000, engineState);
