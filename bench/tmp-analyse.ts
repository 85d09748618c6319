import fs from "node:fs";
import path from "node:path";
import { KnowledgeIndex } from "../lib/knowledge/retrieval/hybrid";
import { cosineConfidence } from "../lib/knowledge/retrieval/confidence";
import { embedTexts, embedder } from "../lib/llm";
const root = path.resolve(import.meta.dirname, "..");
type Entry = { id: string; lang: string; title: string; content: string; tags: string[]; questions: string[] };
const { entries } = JSON.parse(fs.readFileSync(path.join(root, "bench/data/faq.json"), "utf8")) as { entries: Entry[] };
const { questions: oos } = JSON.parse(fs.readFileSync(path.join(root, "bench/data/out-of-scope.json"), "utf8")) as { questions: { question: string }[] };
const ans = JSON.parse(fs.readFileSync(path.join(root, "bench/data/answers.json"), "utf8"));
const res = (await embedTexts(entries.map((e) => `${e.title}\n${e.content}`), "passage"))!;
const index = new KnowledgeIndex();
entries.forEach((e, i) => index.upsert({ id: e.id, knowledgeBaseId: "kb", title: e.title, content: e.content, tags: e.tags, kind: "faq", updatedAt: 0, vector: res.vectors[i], vectorModel: res.model }));
index.trust(res.model);
const rows: unknown[] = [];
const probe = async (q: string, expect: string | null, kind: string) => {
  const qv = (await embedTexts([q], "query"))!.vectors[0];
  const hits = index.search(q, { k: 10, queryVector: { model: res.model, vector: qv } });
  const lexHits = index.search(q, { k: 50 });
  const baseline = (index as any).baselineOf(res.model);
  const top = hits[0];
  const lexOf = (id: string) => lexHits.find((h) => h.id === id)?.confidence ?? 0;
  // the best cosine and the gap to the second
  const cos = entries.map((e, i) => ({ id: e.id, c: res.vectors[i].reduce((s, x, j) => s + x * qv[j], 0) })).sort((a, b) => b.c - a.c);
  rows.push({ kind, q, correct: expect ? top?.id === expect : null, top1vec: expect ? cos[0].id === expect : null, lex: lexOf(top.id), cosTop: top.vector, cc: cosineConfidence(top.vector!, baseline), best: cos[0].c, gap: cos[0].c - cos[1].c, bestcc: cosineConfidence(cos[0].c, baseline), baseline, conf: top.confidence });
};
for (const e of entries) for (const q of e.questions) await probe(q, e.id, "in");
for (const { question } of oos) await probe(question, null, "oos");
fs.writeFileSync(process.argv[2], JSON.stringify(rows));
// cross-lingual over answers.json as its own index
const ev = (await embedTexts(ans.entries.map((e: any) => `${e.title}\n${e.content}`), "passage"))!;
const ix = new KnowledgeIndex();
ans.entries.forEach((e: any, i: number) => ix.upsert({ id: e.id, knowledgeBaseId: "kb", title: e.title, content: e.content, tags: [], kind: "faq", updatedAt: 0, vector: ev.vectors[i], vectorModel: ev.model }));
ix.trust(ev.model);
const xl: unknown[] = [];
for (const { q, entry } of ans.crossLingual) {
  const qv = (await embedTexts([q], "query"))!.vectors[0];
  const hits = ix.search(q, { k: 3, queryVector: { model: ev.model, vector: qv } });
  const cos = ans.entries.map((e: any, i: number) => ({ id: e.id, c: ev.vectors[i].reduce((s: number, x: number, j: number) => s + x * qv[j], 0) })).sort((a: any, b: any) => b.c - a.c);
  xl.push({ q, correct: hits[0]?.id === entry, vecTop: cos[0].id === entry, conf: hits[0]?.confidence, best: cos[0].c, gap: cos[0].c - cos[1].c, baseline: (ix as any).baselineOf(ev.model) });
}
fs.writeFileSync(process.argv[2] + ".xl.json", JSON.stringify(xl));
await embedder().unload();
