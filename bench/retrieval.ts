// `npm run bench:retrieval`: how well and how fast Kefu's retrieval finds the entry that answers a question.
// Quality on the labelled set in bench/data (recall@1, recall@3, MRR; out-of-scope questions routed to a human at
// the default confidence threshold), BM25 alone and hybrid (when an embedding model is present), then latency at 1k
// and 10k entries. Prints the figures and writes bench/results/retrieval.json. See docs/knowledge.md (Retrieval).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { KnowledgeIndex, type Hit } from "../lib/knowledge/retrieval/hybrid";
import { embedTexts, embedder, embeddingModelName } from "../lib/llm";
import { synthesise } from "./data/synth";
import { evalModels, NO_EVAL_MODELS } from "./eval-models";
import { crossLingual } from "./retrieval-crosslingual";
import { printSweep, thresholdSweep, type TopHit } from "./retrieval-thresholds";

type Entry = { id: string; lang: "en" | "zh"; title: string; content: string; tags: string[]; questions: string[] };
const root = path.resolve(import.meta.dirname, "..");
const { entries } = JSON.parse(fs.readFileSync(path.join(root, "bench/data/faq.json"), "utf8")) as { entries: Entry[] };
const { questions: outOfScope } = JSON.parse(
  fs.readFileSync(path.join(root, "bench/data/out-of-scope.json"), "utf8"),
) as {
  questions: { lang: string; question: string }[];
};
const CONFIDENCE_THRESHOLD = 0.3; // the bot's default (prisma/schema.prisma)
const FAST_PATH_THRESHOLD = 0.85;
const KB = "kb";
// BENCH_QUICK=1 (tests/bench-retrieval.test.ts): the latency at 1k entries only; BENCH_RESULTS: where the JSON goes
const QUICK = process.env.BENCH_QUICK === "1";
const SIZES = QUICK ? [1000] : [1000, 10000];
const RESULTS = path.resolve(process.env.BENCH_RESULTS || path.join(root, "bench/results/retrieval.json"));

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

function buildIndex(list: Entry[], vectors?: { model: string; byId: Map<string, Float32Array> }) {
  const index = new KnowledgeIndex();
  for (const e of list) {
    const vector = vectors?.byId.get(e.id);
    index.upsert({
      id: e.id,
      knowledgeBaseId: KB,
      title: e.title,
      content: e.content,
      tags: e.tags,
      kind: "faq",
      updatedAt: 0,
      vector,
      vectorModel: vector ? vectors!.model : undefined,
    });
  }
  return index;
}

type Quality = {
  questions: number;
  recallAt1: number;
  recallAt3: number;
  mrr: number;
  byLanguage: Record<string, { questions: number; recallAt1: number; recallAt3: number; mrr: number }>;
  inScopeAboveThreshold: number;
  outOfScopeToHuman: number;
  verbatimAboveFastPath: number;
  verbatimTop1: number;
  misses: { question: string; expected: string; got: string | null; confidence: number }[];
  thresholds: ReturnType<typeof thresholdSweep>;
};

type Search = (q: string) => Promise<Pick<Hit, "id" | "title" | "confidence">[]>;
type QueryVector = (q: string) => Promise<{ model: string; vector: Float32Array }>;
const searchIndex =
  (index: KnowledgeIndex, queryVector?: QueryVector): Search =>
  async (q) =>
    index.search(q, { k: 10, queryVector: await queryVector?.(q) });

/** The vectors alone: entries ranked by cosine, each with the confidence Kefu gives a hit that only its vector found. */
const searchVectors =
  (index: KnowledgeIndex, queryVector: QueryVector): Search =>
  async (q) =>
    index.searchVectors(q, await queryVector(q), 10);

async function quality(search: Search): Promise<Quality> {
  const lang: Record<string, { n: number; r1: number; r3: number; rr: number }> = {};
  let n = 0,
    r1 = 0,
    r3 = 0,
    rr = 0,
    above = 0;
  const misses: Quality["misses"] = [];
  const tops: TopHit[] = [];
  for (const e of entries) {
    for (const q of e.questions) {
      const hits = await search(q);
      const rank = hits.findIndex((h) => h.id === e.id);
      const l = (lang[e.lang] ??= { n: 0, r1: 0, r3: 0, rr: 0 });
      n++, l.n++;
      if (rank === 0) r1++, l.r1++;
      if (rank >= 0 && rank < 3) r3++, l.r3++;
      if (rank >= 0) (rr += 1 / (rank + 1)), (l.rr += 1 / (rank + 1));
      if ((hits[0]?.confidence ?? 0) >= CONFIDENCE_THRESHOLD) above++;
      tops.push({ lang: e.lang, inScope: true, right: rank === 0, confidence: hits[0]?.confidence ?? 0 });
      if (rank !== 0)
        misses.push({
          question: q,
          expected: e.title,
          got: hits[0]?.title ?? null,
          confidence: hits[0]?.confidence ?? 0,
        });
    }
  }
  let toHuman = 0;
  for (const { question, lang } of outOfScope) {
    const confidence = (await search(question))[0]?.confidence ?? 0;
    if (confidence < CONFIDENCE_THRESHOLD) toHuman++;
    tops.push({ lang, inScope: false, right: false, confidence });
  }
  let fast = 0,
    vTop = 0;
  for (const e of entries) {
    const [top] = await search(e.title);
    if (top?.id === e.id) vTop++;
    if (top?.id === e.id && top.confidence >= FAST_PATH_THRESHOLD) fast++;
  }
  return {
    questions: n,
    recallAt1: round(r1 / n),
    recallAt3: round(r3 / n),
    mrr: round(rr / n),
    byLanguage: Object.fromEntries(
      Object.entries(lang).map(([k, v]) => [
        k,
        { questions: v.n, recallAt1: round(v.r1 / v.n), recallAt3: round(v.r3 / v.n), mrr: round(v.rr / v.n) },
      ]),
    ),
    inScopeAboveThreshold: round(above / n),
    outOfScopeToHuman: round(toHuman / outOfScope.length),
    verbatimAboveFastPath: round(fast / entries.length),
    verbatimTop1: round(vTop / entries.length),
    misses,
    thresholds: thresholdSweep(tops),
  };
}

function printQuality(label: string, q: Quality) {
  console.log(`\n${label}`);
  console.log(`  recall@1 ${q.recallAt1}   recall@3 ${q.recallAt3}   MRR ${q.mrr}   (${q.questions} questions)`);
  for (const [l, v] of Object.entries(q.byLanguage))
    console.log(`    ${l}: recall@1 ${v.recallAt1}  recall@3 ${v.recallAt3}  MRR ${v.mrr}  (${v.questions})`);
  console.log(
    `  in-scope questions at or above the confidence threshold ${CONFIDENCE_THRESHOLD}: ${pct(q.inScopeAboveThreshold)}`,
  );
  console.log(
    `  out-of-scope questions routed to a human (confidence < ${CONFIDENCE_THRESHOLD}): ${pct(q.outOfScopeToHuman)} of ${outOfScope.length}`,
  );
  console.log(
    `  FAQ titles asked verbatim: top-1 ${pct(q.verbatimTop1)}, fast path (≥ ${FAST_PATH_THRESHOLD}) ${pct(q.verbatimAboveFastPath)}`,
  );
  console.log("  the confidence threshold per language (* the bot's default):");
  printSweep(q.thresholds, CONFIDENCE_THRESHOLD);
}

/** Search latency over an index of `size` entries: the data set plus synthetic entries, every question asked. */
function latency(size: number, vectors?: { model: string; dims: number }) {
  const list = [...entries, ...synthesise(size - entries.length)];
  const t0 = performance.now();
  const index = buildIndex(list);
  const buildMs = performance.now() - t0;
  if (vectors) {
    // random unit vectors: the scan costs the same whatever the vectors say
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff - 0.5;
    for (const e of list) {
      const v = Float32Array.from({ length: vectors.dims }, rnd);
      const n = Math.hypot(...v);
      index.setVector(
        e.id,
        vectors.model,
        v.map((x) => x / n),
      );
    }
    index.calibrate(vectors.model, [], 1); // measure the dense scan at full weight, whatever the model's quality
  }
  const qv = vectors ? { model: vectors.model, vector: index.get(list[0].id)!.vector! } : undefined;
  const questions = entries.flatMap((e) => e.questions);
  for (const q of questions.slice(0, 50)) index.search(q, { k: 3, queryVector: qv }); // warm-up
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const q of questions) {
      const t = performance.now();
      index.search(q, { k: 3, queryVector: qv });
      times.push(performance.now() - t);
    }
  }
  return {
    entries: index.size,
    buildMs: round(buildMs, 1),
    searches: times.length,
    p50Ms: round(quantile(times, 0.5)),
    p99Ms: round(quantile(times, 0.99)),
  };
}

async function main() {
  console.log(
    `Kefu retrieval bench — ${entries.length} FAQ entries (${entries.filter((e) => e.lang === "zh").length} zh), ${entries.reduce((s, e) => s + e.questions.length, 0)} questions, ${outOfScope.length} out-of-scope; load ${os.loadavg()[0].toFixed(2)}`,
  );
  const bm25 = await quality(searchIndex(buildIndex(entries)));
  printQuality("BM25 alone", bm25);

  let embeddingNote = "";
  // BENCH_EMBEDDING=bge: another of the models:eval embedding models than the first (the default), for comparison
  const wanted = process.env.BENCH_EMBEDDING;
  const real = wanted ? evalModels(root).embeddings.find((m) => m.id.includes(wanted)) : evalModels(root).embedding;
  if (wanted && !real) console.log(`no models:eval embedding model matches BENCH_EMBEDDING=${wanted}`);
  if (!embeddingModelName() && real && !QUICK) {
    process.env.KEFU_EMBEDDING_MODEL_PATH = real.path;
    embeddingNote = `the real embedding model of \`npm run models:eval\`: ${real.file} (${real.license.split(" (")[0]})`;
  } else if (!embeddingModelName()) {
    if (!QUICK) console.log(NO_EVAL_MODELS);
    const testModel = "../scripts/test-model.mjs";
    const { ensureTestModel } = (await import(testModel)) as { ensureTestModel: (root: string) => Promise<string> };
    process.env.KEFU_EMBEDDING_MODEL_PATH = await ensureTestModel(root);
    embeddingNote =
      "no embedding model configured: the tiny test model stories260K (64-dim vectors of a 260K-parameter story model, not an embedding model) stands in";
  } else if (!embeddingNote) embeddingNote = `configured embedding model ${embeddingModelName()}`;
  let hybrid: Quality | null = null;
  let hybridEqual: Quality | null = null;
  let vectors: Quality | null = null;
  let calibration: { selfRetrieval: number; weight: number } | null = null;
  let model: string | null = null;
  let dims = 0;
  let embedMs: number | null = null;
  const t = performance.now();
  const texts = entries.map((e) => `${e.title}\n${e.content}`);
  const res = await embedTexts(texts, "passage").catch(
    (err: Error) => (console.log(`embedding failed: ${err.message}`), null),
  );
  if (res) {
    model = res.model;
    dims = res.vectors[0]?.length ?? 0;
    embedMs = round((performance.now() - t) / texts.length, 2);
    const byId = new Map(entries.map((e, i) => [e.id, res.vectors[i]]));
    const index = buildIndex(entries, { model: res.model, byId });
    const cache = new Map<string, Float32Array>();
    const qv = async (q: string) => {
      if (!cache.has(q)) cache.set(q, (await embedTexts([q], "query"))!.vectors[0]);
      return { model: res.model, vector: cache.get(q)! };
    };
    // the fusion weight as a server measures it (lib/knowledge/vectors.ts calibrateDense): 32 titles, evenly spread
    const step = Math.floor(entries.length / 32);
    const sample = entries.filter((_, i) => i % step === 0).slice(0, 32);
    const titleVectors = (await embedTexts(
      sample.map((e) => e.title),
      "query",
    ))!.vectors;
    calibration = index.calibrate(
      res.model,
      sample.map((e, i) => ({ id: e.id, vector: titleVectors[i] })),
    );
    console.log(`\nEmbedding model ${res.model} (${dims} dims) — ${embeddingNote}`);
    console.log(
      `  calibration: ${pct(calibration.selfRetrieval)} of sampled titles find their own entry by vector alone → fusion weight ${calibration.weight.toFixed(2)}`,
    );
    vectors = await quality(searchVectors(index, qv));
    printQuality("Vectors alone (cosine ranking; confidence as Kefu gives a hit found by its vector only)", vectors);
    hybrid = await quality(searchIndex(index, qv));
    printQuality(
      `Hybrid as Kefu runs it (candidates by reciprocal rank fusion, ordered by confidence; dense weight ${calibration.weight.toFixed(2)})`,
      hybrid,
    );
    index.calibrate(res.model, [], 1);
    hybridEqual = await quality(searchIndex(index, qv));
    printQuality(
      "Hybrid with the dense list at full weight (plain reciprocal rank fusion), for comparison",
      hybridEqual,
    );
  } else console.log("\nHybrid: no embedding model could be loaded; BM25 alone");
  const crossLingualFigures = res ? await crossLingual(root) : null;

  console.log(
    "\nLatency of one search (tokenize the question, BM25, fusion; the question's embedding not included; hybrid at full dense weight)",
  );
  const lat: Record<string, unknown> = {};
  for (const size of SIZES) {
    const l = latency(size);
    lat[`bm25_${size}`] = l;
    console.log(
      `  BM25   ${String(l.entries).padStart(6)} entries: p50 ${l.p50Ms} ms  p99 ${l.p99Ms} ms  (index built in ${l.buildMs} ms)`,
    );
    if (model) {
      const h = latency(size, { model, dims });
      lat[`hybrid_${size}`] = h;
      console.log(
        `  hybrid ${String(h.entries).padStart(6)} entries: p50 ${h.p50Ms} ms  p99 ${h.p99Ms} ms  (${dims}-dim vectors)`,
      );
    }
  }
  if (embedMs !== null) console.log(`  embedding one text with ${model}: ${embedMs} ms`);

  const out = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, load: os.loadavg()[0] },
    data: { entries: entries.length, questions: bm25.questions, outOfScope: outOfScope.length },
    thresholds: { confidence: CONFIDENCE_THRESHOLD, fastPath: FAST_PATH_THRESHOLD },
    bm25,
    hybrid: hybrid && { model, dims, note: embeddingNote, embedMsPerText: embedMs, calibration, ...hybrid },
    hybridFullWeight: hybridEqual,
    vectors: vectors && { model, ...vectors },
    crossLingual: crossLingualFigures,
    latency: lat,
    targets: { recallAt3Hybrid: 0.9, p50MsAt10k: 5 },
  };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify(out, null, 1) + "\n");
  const best = hybrid ?? bm25;
  const largest = SIZES[SIZES.length - 1];
  const p50 = (lat[`${model ? "hybrid" : "bm25"}_${largest}`] as { p50Ms: number }).p50Ms;
  console.log(
    `\nTargets: recall@3 ${best.recallAt3} (≥ 0.9: ${best.recallAt3 >= 0.9 ? "met" : "NOT met"}), p50 at ${largest / 1000}k ${p50} ms (≤ 5: ${p50 <= 5 ? "met" : "NOT met"})`,
  );
  console.log(`Wrote ${path.relative(root, RESULTS)}`);
  await embedder().unload();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
