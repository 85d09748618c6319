import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db, disconnectDb } from "../lib/db/client";
import { createEntry, deleteEntry, updateEntry } from "../lib/knowledge";
import { RetrievalRegistry, retrieval } from "../lib/knowledge/retrieval/registry";
import { searchKnowledge } from "../lib/knowledge/search";
import { embeddingModelName } from "../lib/llm";
import { testEnv } from "./helpers/env";
import { makeTenant } from "./helpers/fixtures";

const others: RetrievalRegistry[] = [];
after(async () => {
  for (const r of others) await r.close();
  await retrieval().close();
  await disconnectDb();
});

const ids = (hits: { id: string }[]) => hits.map((h) => h.id);

async function until<T>(what: string, f: () => Promise<T | undefined | false>, ms = 8_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function apiSearch(key: string, query: string) {
  const res = await fetch(`${testEnv.url}/api/v1/knowledge/search`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ query, k: 5 }),
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { data: { id: string; title: string; score: number }[] }).data;
}

test("Chinese questions find entries through jieba's words; hits carry confidence, kind, tags and knowledge base", async () => {
  const t = await makeTenant("zh");
  const ret = await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "如何申请退货？",
    content: "签收后 7 天内在“我的订单”申请退货退款。",
    tags: ["售后"],
  });
  const ship = await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "快递一般几天能到？",
    content: "发货后江浙沪 1–2 天送达，其他省份 3–5 天。",
  });
  const [top] = await searchKnowledge(t.tenant.id, { query: "我想退货怎么办", k: 3 });
  assert.equal(top.id, ret.id);
  assert.deepEqual(top.tags, ["售后"]);
  assert.equal(top.kind, "faq");
  assert.equal(top.knowledgeBaseId, t.kb.id);
  assert.ok(top.confidence >= 0.3 && top.confidence <= 1, String(top.confidence));
  // a synonym of the entry's word ("包裹" for "快递") still finds it
  assert.equal((await searchKnowledge(t.tenant.id, { query: "包裹几天能到", k: 1 }))[0].id, ship.id);
  // the verbatim FAQ question is fast-path material; an unrelated question is below the default threshold
  assert.ok((await searchKnowledge(t.tenant.id, { query: "如何申请退货？" }))[0].confidence >= 0.85);
  const off = await searchKnowledge(t.tenant.id, { query: "明天上海天气怎么样？" });
  assert.ok(!off[0] || off[0].confidence < 0.3, JSON.stringify(off[0]));
});

test("the index follows every change: create, update, disable, enable, delete", async () => {
  const t = await makeTenant("chg");
  const tenantId = t.tenant.id;
  await searchKnowledge(tenantId, { query: "warehouse" }); // the index exists before the changes
  const e = await createEntry(tenantId, {
    knowledgeBaseId: t.kb.id,
    title: "Do you ship to Antarctica?",
    content: "Yes, by icebreaker, twice a year.",
  });
  assert.deepEqual(ids(await searchKnowledge(tenantId, { query: "antarctica shipping" })), [e.id]);

  await updateEntry(tenantId, e.id, { title: "Do you ship to Greenland?", content: "Yes, by plane every week." });
  assert.deepEqual(ids(await searchKnowledge(tenantId, { query: "antarctica icebreaker" })), []);
  assert.deepEqual(ids(await searchKnowledge(tenantId, { query: "greenland" })), [e.id]);

  await updateEntry(tenantId, e.id, {
    title: "Do you ship to Greenland?",
    content: "Yes, by plane every week.",
    enabled: false,
  });
  assert.deepEqual(ids(await searchKnowledge(tenantId, { query: "greenland" })), []);
  await updateEntry(tenantId, e.id, {
    title: "Do you ship to Greenland?",
    content: "Yes, by plane every week.",
    enabled: true,
  });
  assert.deepEqual(ids(await searchKnowledge(tenantId, { query: "greenland" })), [e.id]);

  await deleteEntry(tenantId, e.id);
  assert.deepEqual(ids(await searchKnowledge(tenantId, { query: "greenland" })), []);
});

test("only the given knowledge bases are searched (a bot's)", async () => {
  const t = await makeTenant("kbs");
  const { createKnowledgeBase } = await import("../lib/knowledge");
  const other = await createKnowledgeBase(t.tenant.id, "Internal");
  const inOther = await createEntry(t.tenant.id, {
    knowledgeBaseId: other.id,
    title: "Staff discount code",
    content: "STAFF20",
  });
  assert.deepEqual(
    ids(await searchKnowledge(t.tenant.id, { query: "staff discount", knowledgeBaseIds: [t.kb.id] })),
    [],
  );
  assert.deepEqual(ids(await searchKnowledge(t.tenant.id, { query: "staff discount", knowledgeBaseIds: [other.id] })), [
    inOther.id,
  ]);
  assert.deepEqual(await searchKnowledge(t.tenant.id, { query: "staff discount", knowledgeBaseIds: [] }), []);
});

test("another node's index refreshes through LISTEN/NOTIFY, and so does the real server's", async () => {
  const t = await makeTenant("notify");
  const other = new RetrievalRegistry({ nodeId: "other-node", vectors: false }).start(false);
  others.push(other);
  const before = await other.index(t.tenant.id);
  await until("the other node to listen", async () => other.isListening);
  assert.deepEqual(ids(before.index.search("lighthouse keeper")), []);
  // the server builds its index of this tenant now
  assert.deepEqual(ids(await apiSearch(t.apiKey, "lighthouse keeper")), []);

  const e = await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "Can I hire a lighthouse keeper?",
    content: "Our keepers work in shifts of two weeks.",
  });
  // no refresh asked for: the notification alone brings the entry to the other node and to the server
  await until("the other node to see the new entry", async () =>
    ids(before.index.search("lighthouse keeper")).includes(e.id),
  );
  await until("the server to see the new entry", async () =>
    ids(await apiSearch(t.apiKey, "lighthouse keeper")).includes(e.id),
  );

  await deleteEntry(t.tenant.id, e.id);
  await until("the other node to drop it", async () => !ids(before.index.search("lighthouse keeper")).includes(e.id));
  await until("the server to drop it", async () => !ids(await apiSearch(t.apiKey, "lighthouse keeper")).includes(e.id));
});

test("a node whose change channel broke refreshes before each search, then listens again", async () => {
  const t = await makeTenant("relisten");
  const node = new RetrievalRegistry({ nodeId: "relisten-node", vectors: false }).start(false);
  others.push(node);
  await node.index(t.tenant.id);
  await until("the node to listen", async () => node.isListening);
  await db()
    .$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'kefu-retrieval-relisten-node'`;
  await until("the node to notice", async () => !node.isListening);

  // the notification of this change is lost; the search refreshes first and finds the entry all the same
  const lost = await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "Is there a night shift?",
    content: "Yes, from 22:00.",
  });
  assert.ok(ids((await node.index(t.tenant.id)).index.search("night shift")).includes(lost.id));

  await until("the node to listen again", async () => node.isListening, 10_000);
  const tenantIndex = await node.index(t.tenant.id);
  const next = await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "Is there a morning shift?",
    content: "Yes, from 6:00.",
  });
  await until("the notification to arrive", async () =>
    ids(tenantIndex.index.search("morning shift")).includes(next.id),
  );
});

test("the server builds its knowledge indexes at start", async () => {
  const log = await import("node:fs").then((fs) => fs.readFileSync(process.env.KEFU_SERVER_LOG!, "utf8"));
  assert.match(log, /Knowledge indexes of \d+ tenants? built in \d+ ms/);
});

test("tenant isolation: tenant B's entries are never retrieved for tenant A, even with identical text", async () => {
  const a = await makeTenant("iso-a");
  const b = await makeTenant("iso-b");
  const text = { title: "What is the secret VIP hotline number?", content: "Call 400-123-4567 and say the password." };
  const ea = await createEntry(a.tenant.id, { knowledgeBaseId: a.kb.id, ...text });
  const eb = await createEntry(b.tenant.id, { knowledgeBaseId: b.kb.id, ...text });
  const hitsA = await searchKnowledge(a.tenant.id, { query: text.title, k: 20 });
  assert.deepEqual(ids(hitsA), [ea.id]);
  assert.deepEqual(ids(await searchKnowledge(b.tenant.id, { query: text.title, k: 20 })), [eb.id]);
  // B's knowledge base id passed as a filter by tenant A finds nothing
  assert.deepEqual(await searchKnowledge(a.tenant.id, { query: text.title, knowledgeBaseIds: [b.kb.id] }), []);
  // and through the server, with A's API key
  const apiHits = await apiSearch(a.apiKey, text.title);
  assert.ok(!ids(apiHits).includes(eb.id));
  assert.ok(ids(apiHits).includes(ea.id));
});

test("without an embedding model retrieval is BM25 alone and no vectors are stored", async () => {
  assert.equal(embeddingModelName(), null);
  const t = await makeTenant("bm25");
  const e = await createEntry(t.tenant.id, {
    knowledgeBaseId: t.kb.id,
    title: "How do I reset my password?",
    content: "Click Forgot password on the sign-in page.",
  });
  const [top] = await searchKnowledge(t.tenant.id, { query: "forgot my password" });
  assert.equal(top.id, e.id);
  const row = await db().knowledgeEntry.findUniqueOrThrow({
    where: { id: e.id },
    select: { embedding: true, embeddingModel: true },
  });
  assert.equal(row.embedding, null);
  assert.equal(row.embeddingModel, null);
});
