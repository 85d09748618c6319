// bench:retrieval, cross-lingual: English questions about the Chinese entries of bench/data/answers.json and Chinese
// questions about its English ones. Reports BM25 alone, the vectors alone (cosine ranking) and the hybrid as Kefu runs
// it (fusion weight from the same calibration a server does), recall@1 and @3 per direction, and "answered": the right
// entry first with a confidence at or above the bot's default threshold 0.3.
import fs from "node:fs";
import path from "node:path";
import { KnowledgeIndex } from "../lib/knowledge/retrieval/hybrid";
import { embedTexts } from "../lib/llm";

type Data = { entries: { id: string; title: string; content: string }[]; crossLingual: { q: string; entry: string }[] };
const round = (x: number) => Math.round(x * 1000) / 1000;

export async function crossLingual(root: string) {
  const data = JSON.parse(fs.readFileSync(path.join(root, "bench", "data", "answers.json"), "utf8")) as Data;
  const ev = await embedTexts(
    data.entries.map((e) => `${e.title}\n${e.content}`),
    "passage",
  );
  if (!ev) return null;
  const index = new KnowledgeIndex();
  data.entries.forEach((e, i) =>
    index.upsert({
      id: e.id,
      knowledgeBaseId: "kb",
      title: e.title,
      content: e.content,
      tags: [],
      kind: "faq",
      updatedAt: 0,
      vector: ev.vectors[i],
      vectorModel: ev.model,
    }),
  );
  const titles = (await embedTexts(
    data.entries.map((e) => e.title),
    "query",
  ))!.vectors;
  const calibration = index.calibrate(
    ev.model,
    data.entries.map((e, i) => ({ id: e.id, vector: titles[i] })),
  );
  const tally = () => ({ questions: 0, r1: 0, r3: 0, answered: 0 });
  const by: Record<string, Record<"bm25" | "vectors" | "hybrid", ReturnType<typeof tally>>> = {};
  for (const { q, entry } of data.crossLingual) {
    const dir = /[\u3400-\u9fff]/.test(q) ? "zh→en" : "en→zh";
    const qv = (await embedTexts([q], "query"))!.vectors[0];
    const hits = {
      bm25: index.search(q, { k: 3 }),
      vectors: index.searchVectors(q, { model: ev.model, vector: qv }, 3),
      hybrid: index.search(q, { k: 3, queryVector: { model: ev.model, vector: qv } }),
    };
    const row = (by[dir] ??= { bm25: tally(), vectors: tally(), hybrid: tally() });
    for (const [k, list] of Object.entries(hits) as [keyof typeof hits, { id: string; confidence: number }[]][]) {
      row[k].questions++;
      if (list[0]?.id === entry) row[k].r1++;
      if (list.some((h) => h.id === entry)) row[k].r3++;
      // what the bot does with it: the right entry first and confident enough to answer from (default threshold)
      if (list[0]?.id === entry && list[0].confidence >= 0.3) row[k].answered++;
    }
  }
  const figures = Object.fromEntries(
    Object.entries(by).map(([dir, r]) => [
      dir,
      Object.fromEntries(
        Object.entries(r).map(([k, t]) => [
          k,
          {
            questions: t.questions,
            recallAt1: round(t.r1 / t.questions),
            recallAt3: round(t.r3 / t.questions),
            answered: round(t.answered / t.questions),
          },
        ]),
      ),
    ]),
  );
  console.log(
    `\nCross-lingual (${data.crossLingual.length} questions over the ${data.entries.length} entries of bench/data/answers.json, ${ev.model}, fusion weight ${calibration.weight.toFixed(2)})`,
  );
  for (const [dir, r] of Object.entries(figures))
    console.log(
      `  ${dir}: ${Object.entries(r)
        .map(([k, v]) => `${k} recall@1 ${v.recallAt1} @3 ${v.recallAt3} answered ${v.answered}`)
        .join("   ")}  (${Object.values(r)[0].questions})`,
    );
  return { model: ev.model, fusionWeight: calibration.weight, ...figures };
}
