import assert from "node:assert/strict";
import { test } from "node:test";
import { KnowledgeIndex } from "./hybrid";

// Vectors made by hand: each entry points along its own axis, so "the model" knows which entry a question is about.
const axis = (i: number, dims = 8) => Float32Array.from({ length: dims }, (_, j) => (j === i ? 1 : 0));
const mix = (a: number, b: number) => {
  const v = new Float32Array(8);
  v[a] = 0.8;
  v[b] = 0.6;
  return v;
};

function index() {
  const idx = new KnowledgeIndex();
  const entries = [
    ["ship", "How long does shipping take?", "Standard delivery takes 3–5 business days."],
    ["ret", "What is your return policy?", "Unused items can be returned within 30 days."],
    ["pay", "Which payment methods do you accept?", "Visa, Mastercard, PayPal and Alipay."],
    ["pwd", "How do I reset my password?", "Use Forgot password on the sign-in page."],
  ];
  // filler entries so the index is large enough to calibrate a model (their vectors point nowhere in particular)
  for (let i = 0; i < 8; i++) {
    idx.upsert({
      id: `filler-${i}`,
      knowledgeBaseId: "kb",
      title: `Store opening hours in city ${i}`,
      content: "9:00–21:00",
      tags: [],
      kind: "faq",
      updatedAt: 0,
      vector: Float32Array.from({ length: 8 }, () => 0.35),
      vectorModel: "m",
    });
  }
  entries.forEach(([id, title, content], i) =>
    idx.upsert({
      id,
      knowledgeBaseId: "kb",
      title,
      content,
      tags: [],
      kind: "faq",
      updatedAt: 0,
      vector: axis(i),
      vectorModel: "m",
    }),
  );
  return idx;
}

test("a model whose title vectors find their entries gets full weight; a paraphrase without shared words is found by its vector", () => {
  const idx = index();
  const cal = idx.calibrate(
    "m",
    ["ship", "ret", "pay", "pwd"].map((id, i) => ({ id, vector: axis(i) })),
  );
  assert.deepEqual(cal, { selfRetrieval: 1, weight: 1 });
  // "I do not like it anymore" shares no word with the return entry; the vector points at it
  const hits = idx.search("I do not like it anymore", { k: 2, queryVector: { model: "m", vector: axis(1) } });
  assert.equal(hits[0].id, "ret");
  // the vectors are sure of it (it points exactly at the entry): found by its vector alone, it clears the threshold
  assert.equal(hits[0].bm25, null);
  assert.ok(hits[0].confidence >= 0.3, String(hits[0].confidence));
  // a vector that only leans toward the entry is not sure: alone it stays under the threshold
  const lean = Float32Array.from(axis(6), (x, i) => (i === 1 ? 0.25 : x * 0.97));
  const unsure = idx.search("I do not like it anymore", { k: 1, queryVector: { model: "m", vector: lean } });
  assert.equal(unsure[0].id, "ret");
  assert.ok(unsure[0].confidence < 0.3, String(unsure[0].confidence));
  // agreeing evidence: both lists rank the entry first
  const both = idx.search("return policy", { k: 1, queryVector: { model: "m", vector: mix(1, 0) } });
  assert.equal(both[0].id, "ret");
  assert.equal(both[0].score, 1);
});

test("a model whose vectors do not find the entries' titles gets no weight: the ranking stays BM25's", () => {
  const idx = index();
  // every title lands on the wrong entry
  const cal = idx.calibrate(
    "m",
    ["ship", "ret", "pay", "pwd"].map((id, i) => ({ id, vector: axis((i + 1) % 4) })),
  );
  assert.deepEqual(cal, { selfRetrieval: 0, weight: 0 });
  const hits = idx.search("return policy", { k: 2, queryVector: { model: "m", vector: axis(3) } });
  assert.deepEqual(
    hits.map((h) => h.id),
    ["ret"],
  );
});

test("vectors of another model are ignored", () => {
  const idx = index();
  idx.calibrate("m", [], 1);
  const hits = idx.search("return policy", { k: 3, queryVector: { model: "other", vector: axis(3) } });
  assert.deepEqual(
    hits.map((h) => h.id),
    ["ret"],
  );
});

test("knowledge base filter and removal", () => {
  const idx = index();
  idx.upsert({
    id: "x",
    knowledgeBaseId: "kb2",
    title: "Return policy for gift cards",
    content: "Gift cards cannot be returned.",
    tags: [],
    kind: "faq",
    updatedAt: 0,
  });
  assert.deepEqual(
    idx.search("gift card return", { knowledgeBaseIds: ["kb"] }).map((h) => h.id),
    ["ret"],
  );
  assert.equal(idx.search("gift card return", { knowledgeBaseIds: ["kb2"] })[0].id, "x");
  idx.remove("x");
  assert.deepEqual(idx.search("gift card", { knowledgeBaseIds: ["kb2"] }), []);
});

test("an index too small to tell a model's quality gives its vectors no weight", () => {
  const idx = new KnowledgeIndex();
  idx.upsert({
    id: "a",
    knowledgeBaseId: "kb",
    title: "Shipping time",
    content: "3 days",
    tags: [],
    kind: "faq",
    updatedAt: 0,
    vector: axis(0),
    vectorModel: "m",
  });
  assert.deepEqual(idx.calibrate("m", [{ id: "a", vector: axis(0) }]), { selfRetrieval: 1, weight: 0 });
});

test("vectors are centred by language: what a text says counts, not which language it is in", () => {
  // a model with a strong language component (axis 7 for English, axis 6 for Chinese) and a weak topic one: an
  // English question is nearer every English entry than the Chinese entry on its topic, until each language's mean
  // is taken out
  const vec = (topic: number, lang: 6 | 7) => {
    const v = new Float32Array(8);
    v[lang] = 0.9;
    v[topic] = 0.44;
    return v;
  };
  const idx = new KnowledgeIndex();
  const add = (id: string, title: string, topic: number, lang: 6 | 7) =>
    idx.upsert({
      id,
      knowledgeBaseId: "kb",
      title,
      content: title,
      tags: [],
      kind: "faq",
      updatedAt: 0,
      vector: vec(topic, lang),
      vectorModel: "m",
    });
  add("ship-en", "Shipping times", 0, 7);
  add("pay-en", "Payment methods", 1, 7);
  add("wrap-en", "Gift wrapping", 2, 7);
  add("brew-zh", "绿茶怎么泡？", 3, 6);
  add("invoice-zh", "可以开发票吗？", 4, 6);
  add("hours-zh", "客服工作时间", 5, 6);
  idx.calibrate("m", [], 1);
  const question = "How do I brew green tea?";
  const qv = { model: "m", vector: vec(3, 7) };
  // raw cosines: 0.81 + 0.19 = 1 with the English entries' language part, only 0.19 with the Chinese entry's topic
  assert.ok(
    vec(3, 7).reduce((s, x, i) => s + x * vec(0, 7)[i], 0) > vec(3, 7).reduce((s, x, i) => s + x * vec(3, 6)[i], 0),
  );
  assert.equal(idx.searchVectors(question, qv, 1)[0].id, "brew-zh");
  assert.equal(idx.search(question, { k: 1, queryVector: qv })[0].id, "brew-zh");
});
