import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { embed, embedMany } from "ai";
import { testEnv } from "./helpers/env";
import { serverChildPid } from "./helpers/server-children";

// The in-process part runs its own embedding processes on the real tiny model (64-dim vectors); the models folder is
// an empty temporary one so that only what a test configures counts.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-embed-"));
process.env.KEFU_MODELS_DIR = dir;
delete process.env.KEFU_EMBEDDING_MODEL_PATH;

const { EmbeddingEngine, EmbedTimeoutError, WorkerCrashedError, embedder } = await import("../lib/llm/embedder");
const { createLlamaCppEmbeddingModel } = await import("../lib/llm/embedding-provider");
const { embedTexts, embeddingModelName } = await import("../lib/llm");
const { updateSettings } = await import("../lib/llm/settings");
const { disconnectDb } = await import("../lib/db/client");
const { makeTenant } = await import("./helpers/fixtures");
const { signInCookie } = await import("./helpers/session");

const engines: InstanceType<typeof EmbeddingEngine>[] = [];
async function started(configure?: (e: InstanceType<typeof EmbeddingEngine>) => void) {
  const e = new EmbeddingEngine();
  configure?.(e);
  engines.push(e);
  await e.load(testEnv.model);
  return e;
}
after(async () => {
  for (const e of [...engines, embedder()]) await e.unload();
  await disconnectDb();
});

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
const until = async (ok: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  return ok();
};

describe("embeddings in this process", () => {
  test("no embedding model configured: embedTexts returns null and no model is named", async () => {
    assert.equal(embeddingModelName(), null);
    assert.equal(await embedTexts(["where is my parcel?"], "query"), null);
  });

  test("embedMany from `ai` over the real engine: one normalised vector per text, deterministic, distinct", async () => {
    const model = createLlamaCppEmbeddingModel(await started());
    const texts = [
      "Where is my parcel?",
      "How do I get a refund?",
      "Where is my parcel?",
      "Opening hours on Sunday",
      "",
    ];
    const { embeddings, usage } = await embedMany({ model, values: texts });
    assert.equal(embeddings.length, texts.length);
    for (const v of embeddings) {
      assert.equal(v.length, 64, "the tiny model's embedding size");
      assert.ok(Math.abs(norm(v) - 1) < 1e-4, `L2-normalised (${norm(v)})`);
    }
    assert.deepEqual(embeddings[2], embeddings[0], "same text, same vector");
    assert.notDeepEqual(embeddings[1], embeddings[0], "different texts, different vectors");
    assert.notDeepEqual(embeddings[3], embeddings[1]);
    assert.ok(usage.tokens > 0);
    const one = await embed({ model, value: "Where is my parcel?" });
    assert.deepEqual(one.embedding, embeddings[0]);
  });

  test("a text longer than the model's context is cut, not refused", async () => {
    const e = await started();
    const { vectors } = await e.embed(["refund ".repeat(5000), "refund"]);
    assert.equal(vectors.length, 2);
    assert.equal(vectors[0].length, 64);
  });

  test("the embedding process killed mid-request: the caller gets an error at once, and it restarts", async () => {
    const e = await started();
    const pid = e.worker!.pid!;
    const texts = Array.from({ length: 400 }, (_, i) =>
      `question number ${i} about parcels, refunds and opening hours `.repeat(20),
    );
    const t0 = Date.now();
    const call = e.embed(texts);
    await new Promise((r) => setTimeout(r, 30));
    process.kill(pid, "SIGKILL");
    await assert.rejects(call, WorkerCrashedError);
    assert.ok(Date.now() - t0 < 2000, "the failure is known at once");
    assert.equal(await until(() => e.ready), true, "it restarted");
    assert.equal(e.restarts, 1);
    assert.notEqual(e.worker!.pid, pid);
    const again = await e.embed(["hello"]);
    assert.equal(again.vectors[0].length, 64);
  });

  test("a hung embedding process hits the time limit: the caller gets an error, not a hang, and it restarts", async () => {
    const e = await started((x) => (x.limits.requestMs = 800));
    const pid = e.worker!.pid!;
    process.kill(pid, "SIGSTOP");
    const t0 = Date.now();
    await assert.rejects(e.embed(["hello"]), EmbedTimeoutError);
    assert.ok(Date.now() - t0 < 2000);
    assert.equal(await until(() => e.ready && e.worker!.pid !== pid), true, "a new process serves");
    assert.equal((await e.embed(["hello"])).vectors.length, 1);
  });

  test("the embedding model of settings.json is used by embedTexts, named by its file name", async () => {
    fs.copyFileSync(testEnv.model, path.join(dir, "embed-small.gguf"));
    updateSettings({ embedding: "embed-small.gguf" }, dir);
    assert.equal(embeddingModelName(), "embed-small.gguf");
    const res = await embedTexts(["Where is my parcel?", "Where is my parcel?", "refund"], "query");
    assert.ok(res);
    assert.equal(res.model, "embed-small.gguf");
    assert.equal(res.vectors.length, 3);
    assert.ok(res.vectors[0] instanceof Float32Array);
    assert.deepEqual(res.vectors[1], res.vectors[0]);
    assert.deepEqual(await embedTexts([], "passage"), { model: "embed-small.gguf", vectors: [] });
    // unloaded on purpose: no embeddings, and the next call does not start it again behind the admin's back
    await embedder().unload();
    assert.equal(await embedTexts(["x"], "query"), null);
    assert.equal(embeddingModelName(), null);
  });
});

describe("embeddings in the server", () => {
  test("the server embeds with its own process; killing it leaves the chat model answering and it restarts", async () => {
    const t = await makeTenant("embed-srv");
    const cookie = await signInCookie(t.admin.email, t.admin.password);
    const state = async () =>
      (await (await fetch(`${testEnv.url}/api/admin/models`, { headers: { cookie } })).json()) as any;
    const before = await state();
    assert.equal(before.embedding.status, "ready");
    assert.equal(before.embedding.file, path.basename(testEnv.model));
    assert.equal(before.embedding.memory.modelFileBytes, fs.statSync(testEnv.model).size);
    const chatRestarts = before.engine.restarts;

    process.kill(serverEmbedderPid(), "SIGKILL");
    let now = await state();
    const end = Date.now() + 20_000;
    while (
      !(now.embedding.status === "ready" && now.embedding.restarts === before.embedding.restarts + 1) &&
      Date.now() < end
    ) {
      await new Promise((r) => setTimeout(r, 200));
      now = await state();
    }
    assert.equal(now.embedding.status, "ready", "the embedding process restarted");
    assert.equal(now.embedding.restarts, before.embedding.restarts + 1);
    assert.match(now.embedding.lastCrash.reason, /SIGKILL/);
    assert.equal(now.engine.status, "ready", "the chat model was not touched");
    assert.equal(now.engine.restarts, chatRestarts);
  });
});

function serverEmbedderPid(): number {
  return serverChildPid("--kefu-embedder=");
}
