import { engine } from "./engine";
import { createLlamaCppModel } from "./provider";
import { findLocalModel, downloadModel, readCatalog } from "./model-file";
import { env } from "../env";

export { engine };

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
export async function startModel(log: (m: string) => void): Promise<void> {
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
      log(`Model download failed (${(err as Error).message}).`);
    }
  }
  if (!file) {
    log("⚠ No model available: Kefu runs without one. The bot answers with the best matching knowledge entry and offers a human. Put a .gguf file in models/ or set KEFU_MODEL_PATH.");
    return;
  }
  const t = Date.now();
  try {
    await engine().load(file);
    log(`Model ${engine().modelId} loaded in ${Date.now() - t} ms (${engine().threads} thread${engine().threads > 1 ? "s" : ""}).`);
  } catch (err) {
    log(`⚠ Model ${file} failed to load: ${(err as Error).message}. Answering from the knowledge base only.`);
  }
}
