import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { disconnectDb } from "../lib/db/client";
import { createEntry } from "../lib/knowledge";
import { RetrievalRegistry, retrieval } from "../lib/knowledge/retrieval/registry";
import { embedder, embeddingModelName } from "../lib/llm";
import { isDedicatedEmbeddingModel } from "../lib/llm/gguf-kind";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";

/**
 * The tiny test model with `llama.pooling_type = mean` added to its metadata: what a model made to embed declares.
 * The new keys take exactly 64 bytes, so the tensor data keeps its alignment and its offsets.
 */
function pooledCopy(): string {
  const src = fs.readFileSync(testEnv.model);
  const kv = (key: string, type: number, value: Buffer) => {
    const k = Buffer.alloc(8 + key.length + 4);
    k.writeBigUInt64LE(BigInt(key.length));
    k.write(key, 8, "latin1");
    k.writeUInt32LE(type, 8 + key.length);
    return Buffer.concat([k, value]);
  };
  const u32 = (n: number) => Buffer.from(new Uint32Array([n]).buffer);
  const pooling = kv("llama.pooling_type", 4, u32(1));
  const pad = (n: number) => {
    const s = "x".repeat(n);
    const v = Buffer.alloc(8 + n);
    v.writeBigUInt64LE(BigInt(n));
    v.write(s, 8, "latin1");
    return kv("kefu.pad", 8, v);
  };
  const extra = Buffer.concat([pooling, pad(64 - pooling.length - pad(0).length)]);
  assert.equal(extra.length, 64);
  const head = Buffer.from(src.subarray(0, 24));
  head.writeBigUInt64LE(head.readBigUInt64LE(16) + 2n, 16);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kefu-pooled-")), "pooled-embedder.gguf");
  fs.writeFileSync(out, Buffer.concat([head, extra, src.subarray(24)]));
  return out;
}

const pooled = pooledCopy();
process.env.KEFU_EMBEDDING_MODEL_PATH = pooled;
const nodes: RetrievalRegistry[] = [];
after(async () => {
  for (const r of nodes) await r.close();
  await retrieval().close();
  await embedder().unload();
  await disconnectDb();
  fs.rmSync(path.dirname(pooled), { recursive: true, force: true });
});

test("a GGUF that declares a pooling type is an embedding model; a chat model is not", () => {
  assert.equal(isDedicatedEmbeddingModel(pooled), true);
  assert.equal(isDedicatedEmbeddingModel(testEnv.model), false);
  assert.equal(isDedicatedEmbeddingModel(path.join(os.tmpdir(), "no-such-model.gguf")), false);
});

test("with an embedding model loaded, a small shop's search is hybrid at once: each hit carries its BM25 and vector scores", async () => {
  const t = await makeTenant("hybrid-default");
  await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "How long does shipping take?",
    content: "3–5 business days.",
  });
  await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "退款多久到账？",
    content: "1–2 个工作日内原路退回。",
  });
  const node = new RetrievalRegistry({ nodeId: "hybrid-default" }).start(false);
  nodes.push(node);
  const idx = await node.index(t.tenant.id);
  await node.vectorsSettled();
  const model = embeddingModelName()!;
  assert.equal(model, "pooled-embedder.gguf");
  assert.equal(embedder().dedicated, true);
  // three entries: far too few to measure a model on, which used to leave retrieval on BM25 alone
  assert.equal(idx.index.size, 3);
  assert.equal(idx.index.denseWeight(model), 1);

  const { queryVector } = await import("../lib/knowledge/search");
  const qv = await queryVector(idx.index, "How long does shipping take?");
  assert.ok(qv, "the question is embedded");
  const hits = idx.index.search("How long does shipping take?", { k: 3, queryVector: qv });
  assert.equal(hits[0].title, "How long does shipping take?");
  assert.ok(hits[0].bm25 !== null && hits[0].bm25 > 0.5, `BM25 half of the top hit: ${hits[0].bm25}`);
  for (const h of hits) assert.equal(typeof h.vector, "number", `${h.title} has a vector score`);
  // an entry sharing no word with the question is still ranked, by its vector alone
  const byVector = hits.find((h) => h.title === "退款多久到账？");
  assert.ok(byVector, "the Chinese entry is among the hits through its vector");
  assert.equal(byVector.bm25, null);
});
