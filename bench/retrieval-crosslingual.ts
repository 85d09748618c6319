// bench:retrieval, cross-lingual: English questions about the Chinese entries of bench/data/answers.json and Chinese
// questions about its English ones. Reports BM25 alone, the vectors alone (cosine ranking) and the hybrid as Kefu runs
// it (fusion weight from the same calibration a server does), recall@1 and @3 per direction.
import fs from "node:fs";
import path from "node:path";
import { KnowledgeIndex } from "../lib/knowledge/retrieval/hybrid";
import { embedTexts } from "../lib/llm";

type Data = { entries: { id: string; title: string; content: string }[]; crossLingual: { q: string; entry: string }[] };
const round = (x: number) => Math.round(x * 1000) / 1000;

export async function crossLingual(root: string) {
  const data = JSON.parse(fs.readFileSync(path.join(root, "bench", "data", "answers.json"), "utf8")) as Data;
  const ev = await embedTexts(data.entries.map((e) => `${e.title}\n${e.content}`), "passage");
  if (!ev) return null;
  const index = new KnowledgeIndex();
  data.entries.forEach((e, i) => index.upsert({ id: e.id, knowledgeBaseId: "kb", title: e.title, content: e.content, tags: [], kind: "faq", updatedAt: 0, vector: ev.vectors[i], vectorModel: ev.model }));
  const titles = (await embedTexts(data.entries.map((e) => e.title), "query"))!.vectors;
  const calibration = index.calibrate(ev.model, data.entries.map((e, i) => ({ id: e.id, vector: titles[i] })));
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
  const tally = () => ({ questions: 0, r1: 0, r3: 0 });
  const by: Record<string, Record<"bm25" | "vectors" | "hybrid", ReturnType<typeof tally>>> = {};
  for (const { q, entry } of data.crossLingual) {
    const dir = /[\u3400-\u9fff]/.test(q) ? "zh→en" : "en→zh";
    const qv = (await embedTexts([q], "query"))!.vectors[0];
    const rankings = {
      bm25: index.search(q, { k: 3 }).map((h) => h.id),
      vectors: data.entries.map((e, i) => ({ id: e.id, cos: dot(ev.vectors[i], qv) })).sort((a, b) => b.cos - a.cos).slice(0, 3).map((x) => x.id),
      hybrid: index.search(q, { k: 3, queryVector: { model: ev.model, vector: qv } }).map((h) => h.id),
    };
    const row = (by[dir] ??= { bm25: tally(), vectors: tally(), hybrid: tally() });
    for (const [k, ids] of Object.entries(rankings) as [keyof typeof rankings, string[]][]) {
      row[k].questions++;
      if (ids[0] === entry) row[k].r1++;
      if (ids.includes(entry)) row[k].r3++;
    }
  }
  const figures = Object.fromEntries(
    Object.entries(by).map(([dir, r]) => [dir, Object.fromEntries(Object.entries(r).map(([k, t]) => [k, { questions: t.questions, recallAt1: round(t.r1 / t.questions), recallAt3: round(t.r3 / t.questions) }]))]),
  );
  console.log(`\nCross-lingual (${data.crossLingual.length} questions over the ${data.entries.length} entries of bench/data/answers.json, ${ev.model}, fusion weight ${calibration.weight.toFixed(2)})`);
  for (const [dir, r] of Object.entries(figures))
    console.log(`  ${dir}: ${Object.entries(r).map(([k, v]) => `${k} recall@1 ${v.recallAt1} @3 ${v.recallAt3}`).join("   ")}  (${Object.values(r)[0].questions})`);
  return { model: ev.model, fusionWeight: calibration.weight, ...figures };
}
