// An embedding model that wants prefixes (e5: "query: " before a question, "passage: " before a text searched) gets
// them at index and at question time: from the `kefu.embedding.*_prefix` metadata Kefu's converter writes, else by
// an e5 name. The model here is the tiny test model with those keys added (its vectors change with every character,
// so a prefix shows), compared with the plain tiny model fed the prefixed texts.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { db, disconnectDb } from "../lib/db/client";
import { createEntry } from "../lib/knowledge";
import { RetrievalRegistry, retrieval } from "../lib/knowledge/retrieval/registry";
import { decodeVector } from "../lib/knowledge/vectors";
import { embedder } from "../lib/llm";
import { EmbeddingEngine } from "../lib/llm/embedder";
import { embeddingPrefixes } from "../lib/llm/gguf-kind";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-prefixes-"));

/** The tiny test model with string metadata added after its header; padded so the tensor data keeps its alignment. */
function withMetadata(file: string, meta: Record<string, string>): string {
  const src = fs.readFileSync(testEnv.model);
  const kv = (key: string, value: string) => {
    const b = Buffer.alloc(8 + key.length + 4 + 8);
    b.writeBigUInt64LE(BigInt(key.length));
    b.write(key, 8, "latin1");
    b.writeUInt32LE(8, 8 + key.length); // string
    b.writeBigUInt64LE(BigInt(Buffer.byteLength(value)), 12 + key.length);
    return Buffer.concat([b, Buffer.from(value, "utf8")]);
  };
  const entries = Object.entries(meta).map(([k, v]) => kv(k, v));
  const used = entries.reduce((s, b) => s + b.length, 0);
  const empty = kv("kefu.pad", "").length;
  entries.push(kv("kefu.pad", "x".repeat((32 - ((used + empty) % 32)) % 32)));
  const head = Buffer.from(src.subarray(0, 24));
  head.writeBigUInt64LE(head.readBigUInt64LE(16) + BigInt(entries.length), 16);
  const out = path.join(dir, file);
  fs.writeFileSync(out, Buffer.concat([head, ...entries, src.subarray(24)]));
  return out;
}

const prefixed = withMetadata("prefixed-embedder.gguf", {
  "kefu.embedding.query_prefix": "query: ",
  "kefu.embedding.passage_prefix": "passage: ",
});
process.env.KEFU_EMBEDDING_MODEL_PATH = prefixed;

const engines: EmbeddingEngine[] = [];
const nodes: RetrievalRegistry[] = [];
after(async () => {
  for (const r of nodes) await r.close();
  await retrieval().close();
  for (const e of [...engines, embedder()]) await e.unload();
  await disconnectDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function started(file: string) {
  const e = new EmbeddingEngine();
  engines.push(e);
  await e.load(file);
  return e;
}

test("the prefixes come from the model's metadata, else from an e5 name, else there are none", () => {
  assert.deepEqual(embeddingPrefixes(prefixed), { query: "query: ", passage: "passage: " });
  const byName = path.join(dir, "multilingual-e5-small-q8_0.gguf");
  fs.copyFileSync(testEnv.model, byName);
  assert.deepEqual(embeddingPrefixes(byName), { query: "query: ", passage: "passage: " });
  assert.deepEqual(embeddingPrefixes(testEnv.model), { query: "", passage: "" });
  assert.deepEqual(embeddingPrefixes(path.join(dir, "bge-m3-Q4_K_M.gguf")), { query: "", passage: "" });
  assert.deepEqual(embeddingPrefixes(path.join(dir, "qwen2.5-0.5b-instruct-q4_k_m.gguf")), { query: "", passage: "" });
});

test("a question is embedded as 'query: …' and a text searched as 'passage: …'", async () => {
  const [withPrefixes, plain] = await Promise.all([started(prefixed), started(testEnv.model)]);
  const q = (await withPrefixes.embed(["Where is my parcel?"], "query")).vectors[0];
  const p = (await withPrefixes.embed(["Where is my parcel?"], "passage")).vectors[0];
  const [rawQ, rawP, bare] = (
    await plain.embed(["query: Where is my parcel?", "passage: Where is my parcel?", "Where is my parcel?"])
  ).vectors;
  assert.deepEqual([...q], [...rawQ]);
  assert.deepEqual([...p], [...rawP]);
  assert.notDeepEqual([...q], [...bare]);
  // a model without prefixes embeds the text as it is, whatever it is
  assert.deepEqual([...(await plain.embed(["Where is my parcel?"], "passage")).vectors[0]], [...bare]);
});

test("the knowledge index stores each entry's vector of 'passage: title\\ncontent'", async () => {
  const plain = await started(testEnv.model);
  const t = await makeTenant("prefixes");
  const e = await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "How long does shipping take?",
    content: "3–5 business days.",
  });
  const node = new RetrievalRegistry({ nodeId: "prefixes" }).start(false);
  nodes.push(node);
  await node.index(t.tenant.id);
  await node.vectorsSettled();
  const row = await db().knowledgeEntry.findFirstOrThrow({
    where: { tenantId: t.tenant.id, id: e.id },
    select: { embedding: true, embeddingModel: true },
  });
  assert.equal(row.embeddingModel, "prefixed-embedder.gguf");
  const want = (await plain.embed(["passage: How long does shipping take?\n3–5 business days."])).vectors[0];
  const got = decodeVector(row.embedding!);
  assert.ok(
    got.every((x, i) => Math.abs(x - want[i]) < 1e-6),
    "the stored vector is that of the prefixed text",
  );
});
