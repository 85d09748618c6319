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
  // the mean cosine between two unrelated entries, per model: what "not similar" looks like for that model
  private baseline = new Map<string, { mean: number; size: number }>();
  // how far each model's vectors are trusted in the fusion, 0..1 (calibrate); unknown models count 0
  private weights = new Map<string, { weight: number; selfRetrieval: number; size: number }>();

  get size() {
    return this.bm25.size;
  }

  // each model's vectors packed in one array for the scan; rebuilt on the first search after a change
  private packed = new Map<string, { entries: IndexedEntry[]; matrix: Float32Array; dims: number }>();

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
    const dense = qv && weight > 0 ? this.denseSearch(qv.model, qv.vector, accept) : undefined;

    if (!dense) {
      return lexical.slice(0, k).map((h) => this.hit(this.bm25.entry(h.slot), h.norm, h.confidence, h.norm, null));
    }
    const baseline = this.baselineOf(qv!.model);
    type C = { entry: IndexedEntry; rrf: number; lex: number; norm: number | null; cos: number };
    const fused = new Map<string, C>();
    const at = (entry: IndexedEntry) => {
      let c = fused.get(entry.id);
      if (!c) fused.set(entry.id, (c = { entry, rrf: 0, lex: 0, norm: null, cos: entry.vector ? dot(entry.vector, qv!.vector) : 0 }));
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
    return [...fused.values()]
      .sort((a, b) => b.rrf - a.rrf)
      .slice(0, k)
      .map((c) => this.hit(c.entry, c.rrf / best, hybridConfidence(c.lex, weight * cosineConfidence(c.cos, baseline)), c.norm, c.cos));
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

  private pack(model: string, dims: number) {
    let p = this.packed.get(model);
    if (p && p.dims === dims) return p;
    const entries = [...this.bm25.entries()].filter((e) => e.vectorModel === model && e.vector?.length === dims);
    const matrix = new Float32Array(entries.length * dims);
    entries.forEach((e, i) => matrix.set(e.vector!, i * dims));
    p = { entries, matrix, dims };
    this.packed.set(model, p);
    return p;
  }

  private denseSearch(model: string, q: Float32Array, accept: (e: IndexedEntry) => boolean) {
    const { entries, matrix, dims } = this.pack(model, q.length);
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

  /** Mean cosine over a fixed sample of entry pairs; recomputed when the index grew or shrank by a tenth. */
  private baselineOf(model: string): number {
    const known = this.baseline.get(model);
    if (known && Math.abs(known.size - this.size) <= this.size / 10) return known.mean;
    const vs = [...this.bm25.entries()].filter((e) => e.vectorModel === model && e.vector).map((e) => e.vector!);
    let sum = 0;
    let n = 0;
    // a deterministic spread of pairs (no Math.random: the same index always gives the same confidences)
    for (let i = 0; i < vs.length && n < 400; i++) {
      for (const step of [1, 7, 31]) {
        const j = (i * 13 + step) % vs.length;
        if (j === i || vs[i].length !== vs[j].length) continue;
        sum += dot(vs[i], vs[j]);
        n++;
      }
    }
    const mean = n ? sum / n : 0;
    this.baseline.set(model, { mean, size: this.size });
    return mean;
  }
}
