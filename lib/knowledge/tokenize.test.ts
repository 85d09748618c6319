import assert from "node:assert/strict";
import { test } from "node:test";
import { rankBm25 } from "./search";
import { tokenize } from "./tokenize";

test("English words are lower-cased, stemmed and stripped of stop words", () => {
  assert.deepEqual(tokenize("How do Refunds work?"), ["refund", "work"]);
});

test("Chinese is split into characters and bigrams", () => {
  assert.deepEqual(tokenize("退货"), ["退", "退货", "货"]);
});

const doc = (id: string, title: string, content: string) => ({ id, title, content, tokens: [...tokenize(title), ...tokenize(content)] });

test("BM25 ranks the entry that answers the question first, in both languages", () => {
  const docs = [
    doc("ship", "How long does shipping take?", "Standard delivery takes 3-5 days."),
    doc("ret", "Return policy", "Return unused items within 30 days."),
    doc("zh-ret", "如何申请退货？", "签收后 30 天内可申请退货退款。"),
  ];
  assert.equal(rankBm25(docs, "when will my shipment arrive, shipping time", 3)[0].id, "ship");
  assert.equal(rankBm25(docs, "我想退货", 3)[0].id, "zh-ret");
  assert.deepEqual(rankBm25(docs, "quantum chromodynamics", 3), []);
});
