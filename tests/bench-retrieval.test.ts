import assert from "node:assert/strict";
import { test } from "node:test";
import { runBench } from "./helpers/bench";

test("bench:retrieval measures BM25 and hybrid quality and latency", async () => {
  const { json } = await runBench("retrieval");
  assert.ok(json.bm25.questions > 100, "the labelled set");
  assert.ok(json.bm25.recallAt3 > 0.5, `BM25 recall@3 ${json.bm25.recallAt3}`);
  assert.ok(json.hybrid, "hybrid figures with the tiny model as the embedding model");
  assert.ok(json.latency.bm25_1000.p50Ms > 0);
  for (const dir of ["en→zh", "zh→en"])
    assert.ok(json.crossLingual[dir].hybrid.questions > 0, `cross-lingual ${dir} measured`);
});
