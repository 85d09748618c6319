import assert from "node:assert/strict";
import { test } from "node:test";
import { runBench } from "./helpers/bench";

test("bench:retrieval measures BM25 and hybrid quality and latency", async () => {
  const { json } = await runBench("retrieval");
  assert.ok(json.bm25.questions > 100, "the labelled set");
  assert.ok(json.bm25.recallAt3 > 0.5, `BM25 recall@3 ${json.bm25.recallAt3}`);
  assert.ok(json.hybrid, "hybrid figures with the tiny model as the embedding model");
  assert.ok(json.latency.bm25_1000.p50Ms > 0);
  // the confidence threshold per language: what a bot would do with each labelled question at each threshold
  for (const lang of ["en", "zh"]) {
    const sweep = json.bm25.thresholds[lang];
    assert.ok(sweep.inScope > 50 && sweep.outOfScope > 10, `${lang} questions in the sweep`);
    const at = (t: number) => sweep.rows.find((r: { threshold: number }) => r.threshold === t);
    for (const r of sweep.rows)
      assert.ok(Math.abs(r.answeredRight + r.answeredWrong + r.handedAway - 1) < 0.01, `${lang} at ${r.threshold}`);
    assert.ok(at(0.4).handedAway >= at(0.1).handedAway, "a higher threshold hands more questions to a person");
    assert.ok(at(0.4).outOfScopeToPerson >= at(0.1).outOfScopeToPerson);
  }
  // at the bot's default threshold the sweep agrees with the overall figure (each language weighted by its questions)
  const langs = Object.values(json.bm25.thresholds) as { outOfScope: number; rows: Record<string, number>[] }[];
  const toPerson = langs.reduce(
    (sum, l) => sum + l.outOfScope * l.rows.find((r) => r.threshold === 0.3)!.outOfScopeToPerson,
    0,
  );
  const outOfScope = langs.reduce((sum, l) => sum + l.outOfScope, 0);
  assert.ok(Math.abs(toPerson / outOfScope - json.bm25.outOfScopeToHuman) < 0.001);
  for (const dir of ["en→zh", "zh→en"])
    assert.ok(json.crossLingual[dir].hybrid.questions > 0, `cross-lingual ${dir} measured`);
});
