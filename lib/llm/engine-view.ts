import fs from "node:fs";
import path from "node:path";
import type { ChatHistoryItem } from "node-llama-cpp";
import { KefuError, withoutServerPaths } from "../errors";
import type { GenerateOptions, GenerateResult } from "./types";
import { listDownloads, listModels, modelFileOf } from "./model-file";
import { readCatalog } from "./catalog";
import { modelsDir, readSettings, resolveModelFile, updateSettings } from "./settings";
import { envVar } from "../env";
import { log } from "../log";

// The engines as the admin route and page see and switch them. They run inside Next's bundle, which must not import
// lib/llm/engine.ts or embedder.ts (they fork the inference worker by path, which Turbopack cannot bundle): server.ts
// creates the engines at start and they live on globalThis, like every per-process singleton.

/** The part of an engine (chat or embedding) this module reads. */
export type EngineView = {
  status: string;
  modelId?: string;
  modelPath?: string;
  error?: string;
  threads: number;
  restarts?: number;
  lastCrash?: { at: string; reason: string };
  dimensions?: number;
  load(path: string, opts?: { loraPath?: string }): Promise<void>;
  unload?: () => Promise<void>;
  worker?: { rss?: number; pid?: number };
  ready?: boolean;
  generate?: (history: ChatHistoryItem[], opts: GenerateOptions) => Promise<GenerateResult>;
};

type Globals = {
  __kefuEngine?: EngineView;
  __kefuEmbedder?: EngineView;
  __kefuModelPool?: Map<string, EngineView & { loraPath?: string }>;
};
const globals = globalThis as unknown as Globals;

export const processEngine = (): EngineView | undefined => globals.__kefuEngine;
export const processEmbedder = (): EngineView | undefined => globals.__kefuEmbedder;

const NO_ENGINE: EngineView = {
  status: "none",
  threads: 0,
  load: () => Promise.reject(new KefuError("unavailable", "The inference engine does not run in this process")),
};

export type LoadState = {
  file: string;
  target: "chat" | "embedding";
  status: "loading" | "done" | "failed";
  error: string | null;
  errorCode?: "load_failed";
  startedAt: string;
};
const gl = globalThis as unknown as { __kefuModelLoad?: LoadState };

/**
 * Loads a file of the models folder into the chat engine (or the embedding engine) in the background — a hot swap:
 * calls in flight finish on the old model; the page polls `modelsState` to see it finish.
 */
export function startLoad(
  ref: string,
  e: EngineView | undefined = processEngine(),
  dir = modelsDir(),
  target: "chat" | "embedding" = "chat",
): LoadState {
  if (!e) throw new KefuError("unavailable", "The inference engine does not run in this process");
  if (gl.__kefuModelLoad?.status === "loading")
    throw new KefuError("conflict", `${gl.__kefuModelLoad.file} is being loaded; wait for it`);
  const { file, model } = modelFileOf(ref, readCatalog(dir));
  if (target === "chat" && model?.role === "embedding")
    throw new KefuError("bad_request", `${model.name} is an embedding model, not a chat model`);
  if (target === "embedding" && model && model.role !== "embedding")
    throw new KefuError("bad_request", `${model.name} is a chat model, not an embedding model`);
  const full = resolveModelFile(file, dir);
  if (!fs.existsSync(full)) throw new KefuError("not_found", `${file} is not in the models folder`);
  const state: LoadState = { file, target, status: "loading", error: null, startedAt: new Date().toISOString() };
  gl.__kefuModelLoad = state;
  e.load(full).then(
    () => (state.status = "done"),
    (err: Error) => {
      log.error(`loading ${file} failed`, { err });
      Object.assign(state, {
        status: "failed",
        errorCode: "load_failed",
        error: `${file} could not be loaded: ${withoutServerPaths(err.message)}`,
      });
    },
  );
  return { ...state };
}

/** Makes a file the embedding model and loads it now (the next start loads it too). */
export function useEmbedding(ref: string, e: EngineView | undefined = processEmbedder(), dir = modelsDir()) {
  const { file, model } = modelFileOf(ref, readCatalog(dir));
  if (model && model.role !== "embedding")
    throw new KefuError("bad_request", `${model.name} is a chat model, not an embedding model`);
  if (!fs.existsSync(resolveModelFile(file, dir)))
    throw new KefuError("not_found", `${file} is not in the models folder`);
  if (e && !envVar("KEFU_EMBEDDING_MODEL_PATH")) startLoad(file, e, dir, "embedding");
  return updateSettings({ embedding: file }, dir);
}

export function unloadModel(e: EngineView | undefined = processEngine()) {
  if (typeof e?.unload !== "function") throw new KefuError("bad_request", "This engine cannot unload a model");
  return e.unload();
}

function fileSize(p: string | undefined) {
  try {
    return p ? fs.statSync(/*turbopackIgnore: true*/ p).size : null;
  } catch {
    return null;
  }
}

// What a model costs: the file size is the estimate (llama.cpp maps the weights into memory; the context comes on
// top). The inference process's RSS after loading is shown too, but it includes the Node runtime (~150 MB).
function memory(e: EngineView, extraFile?: string) {
  const loaded = e.status === "ready" || e.status === "loading";
  if (!loaded) return null;
  const file = fileSize(e.modelPath);
  const extra = fileSize(extraFile) ?? 0;
  return { modelFileBytes: file == null ? null : file + extra, processRssBytes: e.worker?.rss || null };
}

export function engineInfo(e: EngineView, dir = modelsDir()) {
  return {
    status: e.status,
    modelId: e.modelId ?? (e.modelPath ? path.basename(e.modelPath, ".gguf") : null),
    file: e.modelPath ? path.basename(e.modelPath) : null,
    /** false when KEFU_MODEL_PATH (KEFU_EMBEDDING_MODEL_PATH) points elsewhere: then no row of the list is "the loaded one" */
    inModelsDir: Boolean(e.modelPath && path.dirname(path.resolve(/*turbopackIgnore: true*/ e.modelPath)) === dir),
    error: e.error ?? null,
    threads: e.threads,
    restarts: e.restarts ?? 0,
    lastCrash: e.lastCrash ?? null,
    memory: memory(e),
    canUnload: typeof e.unload === "function",
  };
}

/** The other models bots loaded (their own model, A/B arm, light model, LoRA), each in its own inference process. */
export function poolInfo(dir = modelsDir()) {
  let light: string | undefined;
  try {
    light = readSettings(dir).light;
  } catch {
    // a broken settings file is reported at start and on the Models page; here it only means no light model
  }
  // the pool's key ("<model path>|<adapter path>") names what was asked for, also when its load failed
  return [...(globals.__kefuModelPool?.entries() ?? [])].map(([key, e]) => {
    const [wantedModel, wantedLora] = key.split("|");
    const modelPath = e.modelPath ?? wantedModel;
    const loraPath = e.loraPath ?? (wantedLora || undefined);
    const file = modelPath ? path.basename(modelPath) : null;
    const lora = loraPath ? path.basename(loraPath) : null;
    return {
      file,
      lora,
      use: lora ? ("LoRA" as const) : file === light ? ("light" as const) : ("bot model" as const),
      status: e.status,
      error: e.error ?? null,
      memory: memory(e, loraPath),
    };
  });
}

/** Everything the Models page shows. */
export function modelsState(
  e: EngineView = processEngine() ?? NO_ENGINE,
  dir = modelsDir(),
  emb: EngineView = processEmbedder() ?? NO_ENGINE,
) {
  const embedding = {
    ...engineInfo(emb, dir),
    dimensions: emb.dimensions ?? null,
    fromEnv: Boolean(envVar("KEFU_EMBEDDING_MODEL_PATH")),
  };
  const pool = poolInfo(dir);
  const all = [engineInfo(e, dir).memory, embedding.memory, ...pool.map((p) => p.memory)];
  const totalBytes = all.reduce((sum, m) => sum + (m?.modelFileBytes ?? 0), 0);
  return {
    ...listModels(dir),
    downloads: listDownloads(),
    engine: engineInfo(e, dir),
    embedding,
    pool,
    totalModelBytes: totalBytes,
    load: gl.__kefuModelLoad ? { ...gl.__kefuModelLoad } : null,
  };
}
export type ModelsState = ReturnType<typeof modelsState>;
