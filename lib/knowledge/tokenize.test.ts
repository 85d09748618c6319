import assert from "node:assert/strict";
import { test } from "node:test";
import { Bm25Index } from "./retrieval/bm25";
import { rankBm25 } from "./search";
import { stem } from "./tokenize-stem";
import { chineseBigrams, tokenize } from "./tokenize";

test("English words are lower-cased, stemmed and stripped of stop words", () => {
  assert.deepEqual(tokenize("How do Refunds work?"), ["refund", "work"]);
  assert.deepEqual(["refunded", "refunding", "deliveries", "delivery", "generalization"].map(stem), [
    "refund",
    "refund",
    "deliveri",
    "deliveri",
    "gener",
  ]);
});

test("Chinese is segmented into words by jieba, not characters, and stop words are dropped", () => {
  assert.deepEqual(tokenize("我想退货怎么办"), ["退货"]);
  assert.deepEqual(tokenize("如何修改收货地址"), ["修改", "收货", "地址"]);
  // search mode also yields a long word's dictionary sub-words
  assert.deepEqual(tokenize("优惠券不能使用"), ["优惠", "优惠券", "不能", "使用"]);
});

test("mixed Chinese and English text is split by script", () => {
  assert.deepEqual(tokenize("iPhone15怎么退货"), ["iphon", "15", "退货"]);
  assert.deepEqual(tokenize("SSO怎么配置"), ["sso", "配置"]);
});

test("support synonyms meet on one word in both languages", () => {
  assert.deepEqual(tokenize("parcel"), tokenize("package"));
  assert.deepEqual(tokenize("退钱"), tokenize("退款"));
  assert.deepEqual(tokenize("寄修"), tokenize("维修"));
  // multi-word expressions are one word: "sign up" is not "single sign-on"
  assert.deepEqual(tokenize("Do you support single sign-on?"), ["support", "sso"]);
  assert.deepEqual(tokenize("Why should I sign up?"), ["regist"]);
  assert.deepEqual(tokenize("I want my money back"), tokenize("refund"));
});

const doc = (id: string, title: string, content: string) => ({ id, title, content });

test("BM25 ranks the entry that answers the question first, in both languages", () => {
  const docs = [
    doc("ship", "How long does shipping take?", "Standard delivery takes 3-5 days."),
    doc("ret", "Return policy", "Return unused items within 30 days."),
    doc("zh-ret", "如何申请退货？", "签收后 30 天内可申请退货退款。"),
    doc("zh-ship", "快递一般几天能到？", "发货后江浙沪 1–2 天送达。"),
  ];
  assert.equal(rankBm25(docs, "when will my shipment arrive, shipping time", 3)[0].id, "ship");
  assert.equal(rankBm25(docs, "我想退货", 3)[0].id, "zh-ret");
  assert.equal(rankBm25(docs, "包裹几天到", 3)[0].id, "zh-ship");
  assert.deepEqual(rankBm25(docs, "quantum chromodynamics", 3), []);
});

test("confidence: a verbatim FAQ question is near 1, a paraphrase clears 0.3, an unrelated question sharing a word does not", () => {
  const docs = [
    doc("ship", "How long does standard shipping take?", "Standard shipping takes 3–5 business days."),
    doc("ret", "What is your return policy?", "Unused items can be returned within 30 days."),
    doc("pay", "What payment methods do you accept?", "Visa, Mastercard, PayPal and Alipay."),
  ];
  assert.ok(rankBm25(docs, "How long does standard shipping take?", 1)[0].confidence >= 0.85);
  const para = rankBm25(docs, "how long does shipping usually take", 1)[0];
  assert.equal(para.id, "ship");
  assert.ok(para.confidence >= 0.3 && para.confidence < 0.85, String(para.confidence));
  const off = rankBm25(docs, "what is the standard model of particle physics", 1)[0];
  assert.ok(!off || off.confidence < 0.3, String(off?.confidence));
});

test("Chinese character pairs: the same words in the question's order rank above them apart; pairs never cross a non-Chinese gap", () => {
  assert.deepEqual(chineseBigrams("退货运费 ok 邮费"), ["##退货", "##货运", "##运费", "##邮费"]);
  // both titles have the words 单号 and 查询 and the same characters: only the pair 号查 tells them apart
  const index = new Bm25Index();
  for (const [id, title] of [
    ["apart", "查询物流单号"],
    ["together", "单号查询物流"],
  ]) {
    index.upsert({ id, title, content: "在订单页。", knowledgeBaseId: "", tags: [], kind: "faq", updatedAt: 0 });
  }
  const [first, second] = index.search("单号查询", () => true, 2);
  assert.equal(index.entry(first.slot).id, "together");
  assert.ok(first.bm25 > second.bm25, `${first.bm25} > ${second.bm25}`);
});
