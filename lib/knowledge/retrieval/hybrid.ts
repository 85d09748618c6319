import { Bm25Index, type EntryOrigin, type IndexedEntry } from "./bm25";
import { cosineConfidence, hybridConfidence } from "./confidence";

export type Hit = {
  id: string;
  title: string;
  content: string;
  /** the ranking score in 0..1: BM25 relative to the question's own score, or the fused rank score (hybrid) */
  score: number;
  /** BM25 alone, 0..1 relative to the question's own score; null when the entry shares no word with the question */
  bm25: number | null;
  /** the cosine between the question's and the entry's vectors; null when the vectors take no part (BM25 alone) */
  vector: number | null;
  /** how sure retrieval is that this entry answers the question, 0..1; compared with the bot's thresholds */
  confidence: number;
  kind: string;
  tags: string[];
  knowledgeBaseId: string;
  /** the entry's source, when it was imported from a web page or a document */
  origin?: EntryOrigin;
};

export type SearchOptions = {
  k?: number;
  knowledgeBaseIds?: string[];
  /** the question's embedding; used only against entry vectors of the same model */
  queryVector?: { model: string; vector: Float32Array };
};

const CANDIDATES = 50;
const RRF_K = 60;
export const MIN_CALIBRATION_ENTRIES = 10;

type Language = "zh" | "other";
type Packed = {
  entries: IndexedEntry[];
  matrix: Float32Array;
  dims: number;
  row: Map<string, number>;
  centroids: Map<Language, Float32Array>;
  /** the mean cosine between two unrelated entries: what "not similar" looks like for that model on this index */
  baseline: number;
};

// How much of its language's mean vector is taken from each vector. A multilingual model puts texts of one language
// close together whatever they say (multilingual-e5-small: an English question is nearer most English entries than
// the Chinese entry that answers it); without that shared part, what a text says counts. 0.75 chosen on bench/data
// (bench/README.md): cross-lingual recall@1 0.1 → 0.9 with the vectors alone, same-language recall@1 0.67 → 0.63.
const CENTRING = 0.75;

/** Chinese when Han characters are at least half as many as Latin words: the split that matters to the models here. */
export function languageOf(text: string): Language {
  const han = text.match(/[\u3400-\u9fff]/g)?.length ?? 0;
  const words = text.match(/[A-Za-z]+/g)?.length ?? 0;
  return han > 0 && han * 2 >= words ? "zh" : "other";
}

function languageCentroids(entries: IndexedEntry[], dims: number): Map<Language, Float32Array> {
  const sums = new Map<Language | "all", { v: Float32Array; n: number }>();
  for (const e of entries) {
    for (const key of [languageOf(`${e.title}\n${e.content}`), "all"] as const) {
      const s = sums.get(key) ?? { v: new Float32Array(dims), n: 0 };
      for (let i = 0; i < dims; i++) s.v[i] += e.vector![i];
      s.n++;
      sums.set(key, s);
    }
  }
  const mean = (s: { v: Float32Array; n: number }) => s.v.map((x) => x / s.n);
  const all = sums.get("all");
  const out = new Map<Language, Float32Array>();
  // a language without entries (an English question to a Chinese-only shop) is centred by the mean of all entries
  for (const lang of ["zh", "other"] as const) {
    const s = sums.get(lang) ?? all;
    if (s) out.set(lang, mean(s));
  }
  return out;
}

function centred(v: Float32Array, centroids: Map<Language, Float32Array>, lang: Language): Float32Array {
  const c = centroids.get(lang);
  if (!c) return v;
  const out = v.map((x, i) => x - CENTRING * c[i]);
  const norm = Math.hypot(...out) || 1;
  return out.map((x) => x / norm);
}

/** Mean cosine over a fixed, deterministic spread of entry pairs. */
function baseline(matrix: Float32Array, n: number, dims: number): number {
  let sum = 0;
  let count = 0;
  const row = (i: number) => matrix.subarray(i * dims, (i + 1) * dims);
  for (let i = 0; i < n && count < 400; i++) {
    for (const step of [1, 7, 31]) {
      const j = (i * 13 + step) % n;
      if (j === i) continue;
      sum += dot(row(i), row(j));
      count++;
    }
  }
  return count ? sum / count : 0;
}

const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * One tenant's searchable knowledge: a BM25 index plus the entries' vectors, fused by reciprocal rank fusion when the
 * question has a vector of the same model. Pure and in memory: the tenant index (tenant-index.ts) fills it from
 * Postgres, the bench from its data set.
 */
export class KnowledgeIndex {
  readonly bm25 = new Bm25Index();
  // how far each model's vectors are trusted in the fusion, 0..1 (calibrate); unknown models count 0
  private weights = new Map<string, { weight: number; selfRetrieval: number; size: number }>();

  get size() {
    return this.bm25.size;
  }

  // each model's vectors, centred by language, packed in one array for the scan; rebuilt on the first search after a change
  private packed = new Map<string, Packed>();

  upsert(entry: IndexedEntry) {
    this.bm25.upsert(entry);
    this.packed.clear();
  }

  remove(id: string) {
    this.bm25.remove(id);
    this.packed.clear();
  }

  get(id: string): IndexedEntry | undefined {
    const slot = this.bm25.slotOf(id);
    return slot === undefined ? undefined : this.bm25.entry(slot);
  }

  /** Sets the vector of an indexed entry (computed after it was indexed). */
  setVector(id: string, model: string, vector: Float32Array) {
    const e = this.get(id);
    if (!e) return;
    e.vector = vector;
    e.vectorModel = model;
    this.packed.clear();
  }

  entries() {
    return this.bm25.entries();
  }

  search(query: string, opts: SearchOptions = {}): Hit[] {
    const k = Math.min(Math.max(opts.k ?? 3, 1), 50);
    const kbs = opts.knowledgeBaseIds ? new Set(opts.knowledgeBaseIds) : undefined;
    if (kbs && !kbs.size) return [];
    const accept = (e: IndexedEntry) => !kbs || kbs.has(e.knowledgeBaseId);
    const lexical = this.bm25.search(query, accept, CANDIDATES);
    const qv = opts.queryVector;
    const weight = qv ? this.denseWeight(qv.model) : 0;
    const packed = qv && weight > 0 ? this.pack(qv.model, qv.vector.length) : undefined;
    if (!qv || !packed?.entries.length) {
      return lexical.slice(0, k).map((h) => this.hit(this.bm25.entry(h.slot), h.norm, h.confidence, h.norm, null));
    }
    const q = centred(qv.vector, packed.centroids, languageOf(query));
    const dense = this.denseSearch(packed, q, accept);
    const { baseline, matrix, dims } = packed;
    type C = { entry: IndexedEntry; rrf: number; lex: number; norm: number | null; cos: number };
    const fused = new Map<string, C>();
    const cosOf = (entry: IndexedEntry) => {
      const row = packed.row.get(entry.id);
      return row === undefined ? 0 : dot(matrix.subarray(row * dims, (row + 1) * dims), q);
    };
    const at = (entry: IndexedEntry) => {
      let c = fused.get(entry.id);
      if (!c) fused.set(entry.id, (c = { entry, rrf: 0, lex: 0, norm: null, cos: cosOf(entry) }));
      return c;
    };
    lexical.forEach((h, rank) => {
      const c = at(this.bm25.entry(h.slot));
      c.rrf += 1 / (RRF_K + rank + 1);
      c.lex = h.confidence;
      c.norm = h.norm;
    });
    dense.forEach((d, rank) => (at(d.entry).rrf += weight / (RRF_K + rank + 1)));
    const best = (1 + weight) / (RRF_K + 1);
    const confident = [...fused.values()].map((c) => ({
      ...c,
      confidence: hybridConfidence(c.lex, weight * cosineConfidence(c.cos, baseline)),
    }));
    // the fused lists pick the candidates; the entry retrieval is surest of comes first (the bot answers from the first
    // hit and its confidence), the fused rank between equals. An entry found by its vector alone, when the vectors are
    // sure, then passes one that shares a common word with the question (an English question about a Chinese entry).
    // Ordered by the fused rank instead: recall@3 0.877 against 0.837, but 2 of 10 cross-lingual questions first
    // instead of 5 (bench/README.md)
    return confident
      .sort((a, b) => b.confidence - a.confidence || b.rrf - a.rrf)
      .slice(0, k)
      .map((c) => this.hit(c.entry, c.rrf / best, c.confidence, c.norm, c.cos));
  }

  private hit(e: IndexedEntry, score: number, confidence: number, bm25: number | null, cos: number | null): Hit {
    const r = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
    return {
      id: e.id,
      title: e.title,
      content: e.content,
      score: r(score),
      bm25: bm25 === null ? null : r(bm25),
      vector: cos === null ? null : Math.round(cos * 1000) / 1000,
      confidence: r(confidence),
      kind: e.kind,
      tags: e.tags,
      knowledgeBaseId: e.knowledgeBaseId,
      ...(e.origin ? { origin: e.origin } : {}),
    };
  }

  /**
   * The vectors alone, for bench:retrieval: entries ranked by the cosine of their centred vectors with the question's,
   * each with the confidence Kefu gives a hit that only its vector found.
   */
  searchVectors(
    query: string,
    qv: { model: string; vector: Float32Array },
    k: number,
  ): { id: string; title: string; cos: number; confidence: number }[] {
    const packed = this.pack(qv.model, qv.vector.length);
    const q = centred(qv.vector, packed.centroids, languageOf(query));
    const weight = this.denseWeight(qv.model);
    return this.denseSearch(packed, q, () => true)
      .slice(0, k)
      .map(({ entry, cos }) => ({
        id: entry.id,
        title: entry.title,
        cos,
        confidence: hybridConfidence(0, weight * cosineConfidence(cos, packed.baseline)),
      }));
  }

  /** The fusion weight of a model's vectors (0 until calibrated). */
  denseWeight(model: string): number {
    return this.weights.get(model)?.weight ?? 0;
  }

  /** A model made to embed counts at full weight, however few entries there are to measure it on. */
  trust(model: string) {
    this.weights.set(model, { weight: 1, selfRetrieval: Number.NaN, size: this.size });
  }

  /** Whether the model's weight should be measured (again): never measured, or the index changed size by a quarter. */
  needsCalibration(model: string): boolean {
    const w = this.weights.get(model);
    return this.hasVectors(model) && (!w || Math.abs(w.size - this.size) > this.size / 4);
  }

  /**
   * Measures how far a model's vectors can be trusted, without labels: each sampled entry's title, embedded alone,
   * should find that entry first among all the entries' vectors (a question restating a title is the easiest case
   * there is). A real embedding model does that for most titles; a model that is no embedding model (the tiny test
   * model: about 1%) does not, and its vectors then get no weight, so they cannot make BM25's ranking worse.
   */
  calibrate(model: string, titles: { id: string; vector: Float32Array }[], weight?: number) {
    let found = 0;
    for (const t of titles) {
      let best: string | undefined;
      let bestCos = -Infinity;
      for (const e of this.bm25.entries()) {
        if (e.vectorModel !== model || !e.vector || e.vector.length !== t.vector.length) continue;
        const cos = dot(e.vector, t.vector);
        if (cos > bestCos) (bestCos = cos), (best = e.id);
      }
      if (best === t.id) found++;
    }
    const selfRetrieval = titles.length ? found / titles.length : 0;
    // 0 weight up to 30% self-retrieval, full weight from 80%; among fewer than 10 entries, chance alone finds
    // titles too often to tell
    const enough = [...this.bm25.entries()].filter((e) => e.vectorModel === model).length >= MIN_CALIBRATION_ENTRIES;
    const w = weight ?? (enough ? Math.min(1, Math.max(0, (selfRetrieval - 0.3) / 0.5)) : 0);
    this.weights.set(model, { weight: w, selfRetrieval, size: this.size });
    return { selfRetrieval, weight: w };
  }

  hasVectors(model: string): boolean {
    for (const e of this.bm25.entries()) if (e.vectorModel === model) return true;
    return false;
  }

  private pack(model: string, dims: number): Packed {
    let p = this.packed.get(model);
    if (p && p.dims === dims) return p;
    const entries = [...this.bm25.entries()].filter((e) => e.vectorModel === model && e.vector?.length === dims);
    const centroids = languageCentroids(entries, dims);
    const matrix = new Float32Array(entries.length * dims);
    entries.forEach((e, i) =>
      matrix.set(centred(e.vector!, centroids, languageOf(`${e.title}\n${e.content}`)), i * dims),
    );
    p = {
      entries,
      matrix,
      dims,
      row: new Map(entries.map((e, i) => [e.id, i])),
      centroids,
      baseline: baseline(matrix, entries.length, dims),
    };
    this.packed.set(model, p);
    return p;
  }

  private denseSearch({ entries, matrix, dims }: Packed, q: Float32Array, accept: (e: IndexedEntry) => boolean) {
    const top: { entry: IndexedEntry; cos: number }[] = [];
    let floor = -Infinity;
    for (let i = 0, off = 0; i < entries.length; i++, off += dims) {
      let cos = 0;
      for (let j = 0; j < dims; j++) cos += matrix[off + j] * q[j];
      if (cos <= floor || !accept(entries[i])) continue;
      top.push({ entry: entries[i], cos });
      if (top.length >= CANDIDATES * 4) {
        top.sort((a, b) => b.cos - a.cos).length = CANDIDATES;
        floor = top[CANDIDATES - 1].cos;
      }
    }
    return top.sort((a, b) => b.cos - a.cos).slice(0, CANDIDATES);
  }
}
