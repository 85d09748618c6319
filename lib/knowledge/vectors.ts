import { db } from "../db/client";
import { embedTexts, embeddingModelIsDedicated, embeddingModelName } from "../llm";
import { MIN_CALIBRATION_ENTRIES } from "./retrieval/hybrid";
import type { TenantIndex } from "./retrieval/tenant-index";
import { log } from "../log";

/** A vector as stored in knowledge_entries.embedding: float32, little endian. */
export function encodeVector(v: Float32Array): Uint8Array<ArrayBuffer> {
  const buf = new Uint8Array(new ArrayBuffer(v.length * 4));
  const view = new DataView(buf.buffer);
  for (let i = 0; i < v.length; i++) view.setFloat32(i * 4, v[i], true);
  return buf;
}

export function decodeVector(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const v = new Float32Array(Math.floor(bytes.byteLength / 4));
  for (let i = 0; i < v.length; i++) v[i] = view.getFloat32(i * 4, true);
  return v;
}

const BATCH = 32;

/**
 * Embeds the indexed entries whose vector is missing or from another model than the current one, stores each vector
 * with its model, and puts it in the index. Entries that already have a vector of this model are never recomputed
 * (so a restart costs nothing). A vector is stored only if the entry was not edited meanwhile: the write is guarded
 * by the updated time the text was read with. Returns how many entries were embedded.
 */
export async function embedMissing(tenant: TenantIndex): Promise<number> {
  const model = embeddingModelName();
  if (!model) return 0;
  const { index, tenantId } = tenant;
  const todo = [...index.entries()].filter((e) => e.vectorModel !== model);
  let done = 0;
  for (let i = 0; i < todo.length; i += BATCH) {
    const batch = todo.slice(i, i + BATCH);
    const res = await embedTexts(
      batch.map((e) => `${e.title}\n${e.content}`),
      "passage",
    );
    if (!res) return done;
    for (let j = 0; j < batch.length; j++) {
      const e = batch[j];
      const written = await db().$executeRaw`
        UPDATE "knowledge_entries" SET "embedding" = ${encodeVector(res.vectors[j])}, "embedding_model" = ${res.model}
        WHERE "id" = ${e.id} AND "tenant_id" = ${tenantId} AND "updated_at" = ${new Date(e.updatedAt)}`;
      if (!written) continue; // edited or deleted meanwhile: the next refresh brings the new text, embedded then
      if (index.get(e.id)?.updatedAt === e.updatedAt) {
        index.setVector(e.id, res.model, res.vectors[j]);
        tenant.noteVector(e.id, res.model);
      }
      done++;
    }
  }
  return done;
}

const CALIBRATION_SAMPLE = 32;

/**
 * Measures the current model's fusion weight on this tenant's entries (KnowledgeIndex.calibrate): embeds up to 32
 * titles, spread evenly over the entries. Run after the vectors are complete, again when the index changed a lot.
 */
export async function calibrateDense(tenant: TenantIndex): Promise<void> {
  const model = embeddingModelName();
  if (!model || !tenant.index.needsCalibration(model)) return;
  // a model made to embed is what hybrid retrieval is for: its being loaded is enough; the test below guards against
  // a chat model asked for vectors, and needs entries a small shop does not have
  if (embeddingModelIsDedicated()) return void tenant.index.trust(model);
  const withVectors = [...tenant.index.entries()].filter((e) => e.vectorModel === model);
  // too few entries to tell (the index gives them weight 0 anyway): no titles to embed
  if (withVectors.length < MIN_CALIBRATION_ENTRIES) return void tenant.index.calibrate(model, [], 0);
  const step = Math.max(1, Math.floor(withVectors.length / CALIBRATION_SAMPLE));
  const sample = withVectors.filter((_, i) => i % step === 0).slice(0, CALIBRATION_SAMPLE);
  // a title stands for the questions that should find its entry
  const res = await embedTexts(
    sample.map((e) => e.title),
    "query",
  );
  if (!res || res.model !== model) return;
  const { selfRetrieval, weight } = tenant.index.calibrate(
    model,
    sample.map((e, i) => ({ id: e.id, vector: res.vectors[i] })),
  );
  log.info(
    `embedding model ${model} on tenant ${tenant.tenantId}: ${(selfRetrieval * 100).toFixed(0)}% of titles find their entry, fusion weight ${weight.toFixed(2)}`,
  );
}
