import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import type { ChatHistoryItem } from "node-llama-cpp";
import { AnswerTimeoutError, BusyError, LlmEngine, WorkerCrashedError } from "../lib/llm/engine";
import { testEnv } from "./helpers/env";

// Each test drives its own engine (its own inference process) with the real tiny model.
const history: ChatHistoryItem[] = [
  { type: "system", text: "You tell stories." },
  { type: "user", text: "Once upon a time" },
  { type: "model", response: [] },
];
const long = { maxTokens: 1500, temperature: 0.8 };
const engines: LlmEngine[] = [];
async function started(configure?: (e: LlmEngine) => void) {
  const e = new LlmEngine();
  configure?.(e);
  engines.push(e);
  await e.load(testEnv.model);
  return e;
}
after(async () => {
  for (const e of engines) await e.unload();
});

test("a killed inference process fails the answer at once, and the engine restarts itself", async () => {
  const e = await started();
  const pid = e.worker!.pid!;
  let chunks = 0;
  const t0 = Date.now();
  const answer = e.generate(history, { ...long, onText: () => ++chunks === 3 && process.kill(pid, "SIGKILL") });
  await assert.rejects(answer, WorkerCrashedError);
  assert.ok(Date.now() - t0 < 2000, "the failure is known within 2 s");
  assert.ok(chunks >= 3);
  const until = Date.now() + 20_000;
  while (!e.ready && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  assert.equal(e.ready, true);
  assert.equal(e.restarts, 1);
  assert.notEqual(e.worker!.pid, pid);
  const again = await e.generate(history, { maxTokens: 20, temperature: 0, onText: () => {} });
  assert.ok(again.outputTokens > 0);
});

test("a hung inference process is detected, killed and restarted", async () => {
  const e = await started((x) => (x.limits.stallMs = 800));
  const pid = e.worker!.pid!;
  let stopped = false;
  const answer = e.generate(history, {
    ...long,
    onText: () => !stopped && (stopped = true) && process.kill(pid, "SIGSTOP"),
  });
  await assert.rejects(answer, WorkerCrashedError);
  assert.ok(e.lastCrash?.reason.includes("SIGKILL"));
});

test("hot swap in the middle of several streams cuts none of them; new answers use the new model", async () => {
  const e = await started();
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kefu-swap-")), "swapped-model.gguf");
  fs.copyFileSync(testEnv.model, copy);
  const oldWorker = e.worker!;
  const streams = [1, 2, 3].map(() => {
    let text = "";
    return e
      .generate(history, { maxTokens: 400, temperature: 0.8, onText: (t) => (text += t) })
      .then((r) => ({ r, text }));
  });
  await e.load(copy);
  assert.equal(e.modelId, "swapped-model");
  assert.notEqual(e.worker, oldWorker);
  const done = await Promise.all(streams);
  for (const { r, text } of done) {
    assert.equal(r.stopReason === "maxTokens" || r.stopReason === "eogToken", true);
    assert.equal(text, r.text, "every streamed chunk arrived");
  }
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(oldWorker.exited, true, "the old model's process exits once its answers are done");
  const next = await e.generate(history, { maxTokens: 10, temperature: 0, onText: () => {} });
  assert.ok(next.outputTokens > 0);
});

test("a model that fails to load leaves the running one answering", async () => {
  const e = await started();
  const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kefu-bad-")), "broken.gguf");
  fs.writeFileSync(bad, "this is not a gguf file");
  await assert.rejects(e.load(bad));
  assert.equal(e.ready, true);
  assert.equal(e.modelPath, testEnv.model);
  const r = await e.generate(history, { maxTokens: 10, temperature: 0, onText: () => {} });
  assert.ok(r.outputTokens > 0);
});

test("the queue is bounded: beyond it an answer is refused as busy, not piled up", async () => {
  const e = await started((x) => Object.assign(x.limits, { concurrency: 1, queue: 1 }));
  const first = e.generate(history, { ...long, onText: () => {} });
  const second = e.generate(history, { maxTokens: 10, temperature: 0, onText: () => {} });
  await assert.rejects(e.generate(history, { maxTokens: 10, temperature: 0, onText: () => {} }), BusyError);
  assert.equal(e.queueLength, 1);
  await Promise.all([first, second]);
});

test("two answers cancelled at the same moment both stop at once, and the next answer starts from a clean slate", async () => {
  const e = await started((x) => Object.assign(x.limits, { concurrency: 1, queue: 1 }));
  const expected = (await e.generate(history, { maxTokens: 24, temperature: 0, onText: () => {} })).text;
  const a = new AbortController();
  const b = new AbortController();
  let streaming!: () => void;
  const streamingNow = new Promise<void>((r) => (streaming = r));
  const first = e
    .generate(history, { ...long, signal: a.signal, onText: () => streaming() })
    .catch((err: Error) => err);
  await streamingNow;
  const second = e.generate(history, { ...long, signal: b.signal, onText: () => {} }).catch((err: Error) => err);
  assert.equal(e.queueLength, 1);
  // the first hands its slot to the second as it is cancelled; the second is cancelled before it reaches the model
  const t0 = Date.now();
  a.abort();
  b.abort();
  const [, stopped] = await Promise.all([first, second]);
  assert.ok(
    stopped instanceof Error,
    `the second answer was cancelled, not written: ${JSON.stringify(stopped)}`.slice(0, 200),
  );
  assert.ok(Date.now() - t0 < 2000, `both settled in ${Date.now() - t0} ms`);
  assert.equal(e.inFlight, 0);
  const again = await e.generate(history, { maxTokens: 24, temperature: 0, onText: () => {} });
  assert.equal(again.text, expected, "the cancelled answers left nothing behind in the model's context");
});

test("an answer over its time limit stops with a timeout", async () => {
  const e = await started((x) => (x.limits.answerMs = 30));
  await assert.rejects(
    e.generate(history, { maxTokens: 100_000, temperature: 0.8, onText: () => {} }),
    AnswerTimeoutError,
  );
});

test("tokens reach the web server coalesced: the first at once on its own, then a few per message, none lost", async () => {
  const e = await started();
  const chunks: { at: number; text: string }[] = [];
  const t0 = performance.now();
  const r = await e.generate(history, {
    maxTokens: 256,
    temperature: 0,
    onText: (text) => chunks.push({ at: performance.now() - t0, text }),
  });
  assert.equal(chunks.map((c) => c.text).join(""), r.text, "every token arrived, in order");
  assert.ok(r.outputTokens > 50, `${r.outputTokens} tokens`);
  // the tiny model makes a token well under every 5 ms: without coalescing there would be one message per token
  assert.ok(chunks.length < r.outputTokens / 2, `${chunks.length} messages for ${r.outputTokens} tokens`);
  // the first message carries the first token alone (it is not held back to be joined with the next ones)
  const later = chunks.slice(1, -1);
  const average = later.reduce((n, c) => n + c.text.length, 0) / later.length;
  assert.ok(
    chunks[0].text.length < average,
    `first ${JSON.stringify(chunks[0].text)}, later ones ${average.toFixed(1)} characters on average`,
  );
});

test("answers generated side by side share each decoding step, none stalls or takes another's words, and a cancelled one stops alone", async () => {
  const e = await started((x) => Object.assign(x.limits, { concurrency: 4, queue: 4 }));
  const openings = ["Once upon a time", "The little dog", "One day, Lily", "Tom had a red ball"];
  const ask = (text: string, signal?: AbortSignal, onText: () => void = () => {}) =>
    e.generate(
      [
        { type: "system", text: "You tell stories." },
        { type: "user", text },
        { type: "model", response: [] },
      ],
      { maxTokens: 48, temperature: 0, signal, onText },
    );
  const alone = [];
  for (const text of openings) alone.push(await ask(text));
  assert.deepEqual(
    alone.map((r) => r.sharedSteps),
    [0, 0, 0, 0],
    "an answer alone shares no step",
  );
  const together = await Promise.all(openings.map((text) => ask(text)));
  for (const [i, r] of together.entries()) {
    // most steps went into a batch with the others (llama.cpp's batched arithmetic may change a near-tie later on,
    // so the texts are compared by their start: each answer continues its own question, not another's)
    assert.ok(r.sharedSteps! >= r.outputTokens / 2, `answer ${i}: ${r.sharedSteps} of ${r.outputTokens} steps shared`);
    assert.equal(r.text.slice(0, 10), alone[i].text.slice(0, 10), `answer ${i} begins as it does alone`);
  }
  const stop = new AbortController();
  const withCancel = await Promise.all(
    openings.map((text, i) =>
      ask(text, i === 1 ? stop.signal : undefined, i === 1 ? () => stop.abort() : undefined).catch((err: Error) => err),
    ),
  );
  for (const i of [0, 2, 3])
    assert.ok(
      (withCancel[i] as { outputTokens: number }).outputTokens >= alone[i].outputTokens,
      `answer ${i} ran to its end beside a cancelled one`,
    );
  assert.equal(e.inFlight, 0);
});

test("an answer for the same bot starts from what the last one evaluated; another bot's or tenant's answer never does", async () => {
  const e = await started((x) => Object.assign(x.limits, { concurrency: 2, queue: 2 }));
  const system = "You tell stories to children. Every story is short, kind and ends well. ".repeat(4);
  const ask = (text: string, cacheKey?: string) =>
    e.generate(
      [
        { type: "system", text: system },
        { type: "user", text },
        { type: "model", response: [] },
      ],
      { maxTokens: 24, temperature: 0, onText: () => {}, cacheKey },
    );
  const fresh = await ask("Once upon a time");
  const first = await ask("Once upon a time", "tenant-a/bot-1");
  assert.equal(first.inputTokens, fresh.inputTokens, "the first answer of a key evaluates its whole prompt");
  const again = await ask("The little dog", "tenant-a/bot-1");
  assert.ok(
    again.inputTokens < fresh.inputTokens / 2,
    `the shared instructions are not evaluated again: ${again.inputTokens} of ${fresh.inputTokens} prompt tokens`,
  );
  const otherBot = await ask("The little dog", "tenant-a/bot-2");
  const otherTenant = await ask("The little dog", "tenant-b/bot-1");
  const alone = await ask("The little dog");
  assert.equal(otherBot.inputTokens, alone.inputTokens, "another bot starts from nothing");
  assert.equal(otherTenant.inputTokens, alone.inputTokens, "another tenant starts from nothing");
  assert.equal(again.text.slice(0, 10), alone.text.slice(0, 10), "a reused prefix answers as a fresh prompt does");
  assert.equal(first.cachedInputTokens, 0);
  assert.equal(
    again.inputTokens + again.cachedInputTokens!,
    alone.inputTokens,
    `evaluated ${again.inputTokens} + reused ${again.cachedInputTokens} make the whole prompt`,
  );
});
