import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db, disconnectDb } from "../lib/db/client";
import { createEntry, updateEntry } from "../lib/knowledge";
import { RetrievalRegistry, retrieval } from "../lib/knowledge/retrieval/registry";
import { searchKnowledge } from "../lib/knowledge/search";
import { decodeVector } from "../lib/knowledge/vectors";
import { embedder, embeddingModelName } from "../lib/llm";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";

// This process embeds with the tiny test model (a weak embedder, but real vectors from llama.cpp).
process.env.KEFU_EMBEDDING_MODEL_PATH = testEnv.model;
const nodes: RetrievalRegistry[] = [];
after(async () => {
  for (const r of nodes) await r.close();
  await retrieval().close();
  await embedder().unload();
  await disconnectDb();
});

const vectorsOf = (tenantId: string) =>
  db().knowledgeEntry.findMany({
    where: { tenantId },
    select: { id: true, embedding: true, embeddingModel: true, updatedAt: true },
    orderBy: { id: "asc" },
  });

test("vectors are computed in the background, stored with their model, and not recomputed after a restart", async () => {
  const model = embeddingModelName();
  assert.equal(model, testEnv.modelFile);
  const t = await makeTenant("vec");
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

  // a node starts: it builds the index, then embeds the three entries that have no vector
  const first = new RetrievalRegistry({ nodeId: "vec-1" });
  nodes.push(first);
  const idx = await first.index(t.tenant.id);
  await first.vectorsSettled();
  assert.equal(first.embedded, 3);
  const stored = await vectorsOf(t.tenant.id);
  for (const r of stored) {
    assert.equal(r.embeddingModel, model);
    const v = decodeVector(r.embedding!);
    assert.equal(v.length, 64);
    assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-3, "unit length");
    assert.deepEqual([...idx.index.get(r.id)!.vector!], [...v], "the index holds the stored vector");
  }

  // "restart": a new node loads the stored vectors and embeds nothing
  const second = new RetrievalRegistry({ nodeId: "vec-2" });
  nodes.push(second);
  const again = await second.index(t.tenant.id);
  await second.vectorsSettled();
  assert.equal(second.embedded, 0);
  assert.deepEqual(
    (await vectorsOf(t.tenant.id)).map((r) => r.updatedAt.getTime()),
    stored.map((r) => r.updatedAt.getTime()),
  );
  assert.ok([...again.index.entries()].every((e) => e.vectorModel === model && e.vector?.length === 64));

  // the tiny model is no embedding model: its vectors do not find the entries' own titles, so the fusion gives them
  // no weight and the ranking stays BM25's
  assert.equal(again.index.denseWeight(model!), 0);
  const [top] = await searchKnowledge(t.tenant.id, { query: "How long does shipping take?" });
  assert.equal(top.title, "How long does shipping take?");
  assert.ok(top.confidence >= 0.85);
});

test("editing an entry's text drops its stale vector and only that entry is embedded again", async () => {
  const t = await makeTenant("vec-edit");
  const e = await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "Do you gift wrap?",
    content: "Yes, for $3.",
  });
  const node = new RetrievalRegistry({ nodeId: "vec-3" }).start(false);
  nodes.push(node);
  await node.index(t.tenant.id);
  await node.vectorsSettled();
  assert.equal(node.embedded, 2);
  const old = (await vectorsOf(t.tenant.id)).find((r) => r.id === e.id)!.embedding!;

  await updateEntry(t.tenant.id, e.id, { title: "Do you gift wrap?", content: "Yes, for $5, with a card." });
  const cleared = await db().knowledgeEntry.findUniqueOrThrow({
    where: { id: e.id },
    select: { embedding: true, embeddingModel: true },
  });
  assert.equal(cleared.embedding, null, "the database dropped the vector of the old text");
  assert.equal(cleared.embeddingModel, null);
  // this process wrote it, so this process's registry refreshes and embeds it again
  await retrieval().index(t.tenant.id);
  await retrieval().vectorsSettled();
  const now = await db().knowledgeEntry.findUniqueOrThrow({
    where: { id: e.id },
    select: { embedding: true, embeddingModel: true },
  });
  assert.equal(now.embeddingModel, testEnv.modelFile);
  assert.notDeepEqual([...now.embedding!], [...old]);
});
