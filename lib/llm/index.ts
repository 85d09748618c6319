import path from "node:path";
import { engine } from "./engine";
import { configuredEmbeddingModel, embedder, ensureEmbedder } from "./embedder";
import { createLlamaCppEmbeddingModel } from "./embedding-provider";
import type { EmbedAs } from "./gguf-kind";
import { createLlamaCppModel } from "./provider";
import { findLocalModel, downloadModel, readCatalog } from "./model-file";
import { env, envVar } from "../env";

export { engine, embedder };
export type { EmbedAs };

/**
 * Vectors for the texts from the embedding model (L2-normalised, in order), and that model's file name — or null when
 * no embedding model is configured or it is not loaded (then retrieval runs on BM25 alone). The first call in a
 * process without one starts the configured model. Rejects when the embedding process dies mid-request. `as`: the
 * texts are questions ("query") or the entries searched ("passage"); the model's prefixes for each are applied.
 */
export async function embedTexts(
  texts: string[],
  as: EmbedAs,
): Promise<{ model: string; vectors: Float32Array[] } | null> {
  const e = await ensureEmbedder();
  if (!e.ready) return null;
  if (!texts.length) return { model: e.modelName!, vectors: [] };
  const { model, vectors } = await e.embed(texts, as);
  return { model, vectors };
}

/** The file name of the embedding model embedTexts uses (loaded, or configured and not yet started), else null. */
export function embeddingModelName(): string | null {
  const e = embedder();
  if (e.ready || e.status === "loading") return e.modelName ?? null;
  if (e.off) return null;
  const file = configuredEmbeddingModel();
  return file ? path.basename(file) : null;
}

/** Whether the loaded embedding model is made to embed (then retrieval fuses its vectors at full weight). */
export function embeddingModelIsDedicated(): boolean {
  const e = embedder();
  return e.ready && e.dedicated;
}

/** The AI SDK embedding model (for `embed` / `embedMany` from `ai`), once the embedding model is loaded. */
export async function embeddingModel() {
  const e = await ensureEmbedder();
  return e.ready ? createLlamaCppEmbeddingModel(e) : undefined;
}

/** The AI SDK model for a bot; routes and handlers never load a model themselves. */
export function chatModel() {
  const e = engine();
  return e.ready ? createLlamaCppModel(e) : undefined;
}

/**
 * Loads the model at start: KEFU_MODEL_PATH, else the default chat model of models/settings.json, else the first chat
 * .gguf in models/; with none, the catalog's default model is downloaded once, the first start being the admin's
 * explicit setup step (KEFU_NO_DOWNLOAD=1 forbids it). Without a model Kefu still runs and answers from the
 * knowledge base.
 */
/** `log` takes a level: what an operator must act on (no model, a failed download) is a warning. */
export type StartLog = (m: string, level?: "info" | "warn") => void;

export async function startModel(log: StartLog): Promise<void> {
  await Promise.all([startChatModel(log), startEmbeddingModel(log)]);
}

async function startEmbeddingModel(log: StartLog) {
  embedder(); // created here, in the server's module graph, so the Models page can load one later
  const file = configuredEmbeddingModel();
  if (!file) {
    if (envVar("KEFU_EMBEDDING_MODEL_PATH"))
      log(`⚠ KEFU_EMBEDDING_MODEL_PATH points at ${envVar("KEFU_EMBEDDING_MODEL_PATH")}, which does not exist`);
    log("No embedding model configured: knowledge search uses keywords only (kefu models use <embedding model>).");
    return;
  }
  const t = Date.now();
  const e = await ensureEmbedder();
  if (e.ready) log(`Embedding model ${e.modelName} loaded in ${Date.now() - t} ms.`);
  else log(`⚠ Embedding model ${path.basename(file)} failed to load: ${e.error}. Knowledge search uses keywords only.`);
}

async function startChatModel(log: StartLog): Promise<void> {
  let file: string | undefined;
  try {
    file = findLocalModel();
  } catch (err) {
    log(`⚠ ${(err as Error).message}`);
  }
  if (!file && env().KEFU_NO_DOWNLOAD !== "1") {
    const catalog = readCatalog();
    const model = catalog.models.find((m) => m.id === catalog.default)!;
    log(`No model in ${env().KEFU_MODELS_DIR}: downloading ${model.name} (${(model.size / 1e6).toFixed(0)} MB)…`);
    try {
      file = await downloadModel(model);
    } catch (err) {
      log(`Model download failed (${(err as Error).message}).`, "warn");
    }
  }
  if (!file) {
    log(
      `⚠ No model available: Kefu runs without one. The bot answers with the best matching knowledge entry and offers a human. Put a .gguf file in ${env().KEFU_MODELS_DIR} or set KEFU_MODEL_PATH.`,
      "warn",
    );
    return;
  }
  const t = Date.now();
  try {
    await engine().load(file);
    log(
      `Model ${engine().modelId} loaded in ${Date.now() - t} ms (${engine().threads} thread${engine().threads > 1 ? "s" : ""}).`,
    );
  } catch (err) {
    log(`⚠ Model ${file} failed to load: ${(err as Error).message}. Answering from the knowledge base only.`);
  }
}
