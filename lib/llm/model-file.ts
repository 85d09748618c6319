import fs from "node:fs";
import path from "node:path";
import { env } from "../env";
import { KefuError } from "../errors";
import { downloadModel, readCatalog, type Catalog, type CatalogModel } from "./catalog";
import {
  checkModelFileName,
  modelsDir,
  readSettings,
  resolveModelFile,
  updateSettings,
  type ModelSettings,
} from "./settings";
import { log } from "../log";

export { downloadModel, readCatalog, sha256, type CatalogModel } from "./catalog";

/**
 * The model file to load at start: KEFU_MODEL_PATH (the operator's choice, may be anywhere), else the default chat
 * model of settings.json, else the first .gguf in the models folder by name that is not an embedding model.
 */
export function findLocalModel(): string | undefined {
  const configured = env().KEFU_MODEL_PATH;
  if (configured) {
    if (!fs.existsSync(configured)) throw new Error(`KEFU_MODEL_PATH points at ${configured}, which does not exist`);
    return path.resolve(configured);
  }
  const dir = modelsDir();
  if (!fs.existsSync(dir)) return undefined;
  // start-up must not fail on a hand-edited settings or catalog file: say so and fall back
  try {
    const { chat } = readSettings(dir);
    if (chat) {
      const file = resolveModelFile(chat, dir);
      if (fs.existsSync(file)) return file;
      log.warn(`the default chat model ${chat} is not in ${dir}; using the first model there instead`);
    }
  } catch (err) {
    log.error(`${(err as Error).message}; ignoring the model settings`);
  }
  let embedding = new Set<string>();
  try {
    embedding = new Set(
      readCatalog(dir)
        .models.filter((m) => m.role === "embedding")
        .map((m) => m.file),
    );
    const chosen = readSettings(dir).embedding;
    if (chosen) embedding.add(chosen);
  } catch {
    // a broken settings file is reported at start and on the Models page; without it no file is the embedder
  }
  const first = localFiles(dir).find((f) => !f.problem && !embedding.has(f.file));
  return first ? path.join(dir, first.file) : undefined;
}

/** The .gguf files in the folder, by name; a file that may not be used (a link out of the folder) says why. */
function localFiles(dir: string): { file: string; size: number; problem?: string }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith(".gguf") && !f.startsWith("."))
    .sort()
    .map((file) => {
      try {
        return { file, size: fs.statSync(resolveModelFile(file, dir)).size };
      } catch (err) {
        return { file, size: 0, problem: (err as Error).message };
      }
    });
}

export type ModelEntry = {
  file: string;
  /** the catalog's id, or null for a file placed in the folder by hand */
  id: string | null;
  name: string;
  role: "chat" | "embedding" | null;
  class: "full" | "light" | null;
  quantisation: string | null;
  contextSize: number | null;
  license: string | null;
  source: string | null;
  /** bytes the catalog announces (approximate without a sha256) */
  catalogSize: number | null;
  sha256: string | null;
  downloaded: boolean;
  /** bytes on disk */
  size: number | null;
  /** bytes of an unfinished download (<file>.partial) */
  partial: number | null;
  default: boolean;
  light: boolean;
  /** the embedding model of settings.json */
  embedding: boolean;
  /** the catalog's default embedding model: the one to download first (nothing is downloaded unless asked) */
  recommended: boolean;
  problem: string | null;
};

export type ModelsOverview = { dir: string; settings: ModelSettings; models: ModelEntry[]; warnings: string[] };

/** The catalog and the files in the folder in one list: catalog order first, then hand-placed files by name. */
export function listModels(dir = modelsDir()): ModelsOverview {
  const catalog = readCatalog(dir);
  const settings = readSettings(dir);
  const files = new Map(localFiles(dir).map((f) => [f.file, f]));
  const entry = (file: string, m?: CatalogModel): ModelEntry => {
    const local = files.get(file);
    let partial: number | null = null;
    try {
      partial = fs.lstatSync(path.join(dir, `${file}.partial`)).size;
    } catch {
      // no download under way
    }
    return {
      file,
      id: m?.id ?? null,
      name: m?.name ?? path.basename(file, path.extname(file)),
      role: m?.role ?? null,
      class: m?.class ?? null,
      quantisation: m?.quantisation ?? null,
      contextSize: m?.contextSize ?? null,
      license: m?.license ?? null,
      source: m?.url ?? null,
      catalogSize: m?.size ?? null,
      sha256: m?.sha256 ?? null,
      downloaded: Boolean(local && !local.problem),
      size: local && !local.problem ? local.size : null,
      partial,
      default: settings.chat === file,
      light: settings.light === file,
      embedding: settings.embedding === file,
      recommended: Boolean(m && m.id === catalog.defaultEmbedding),
      problem: local?.problem ?? null,
    };
  };
  const models = catalog.models.map((m) => entry(m.file, m));
  for (const file of files.keys()) if (!catalog.models.some((m) => m.file === file)) models.push(entry(file));
  const warnings: string[] = [];
  for (const [key, label] of [
    ["chat", "default chat model"],
    ["light", "light model"],
    ["embedding", "embedding model"],
  ] as const) {
    const file = settings[key];
    if (file && !models.some((m) => m.file === file && m.downloaded))
      warnings.push(`The ${label} ${file} is not in ${dir}`);
  }
  return { dir, settings, models, warnings };
}

/** A catalog id or a file name (checked: no paths) → the file name. */
export function modelFileOf(ref: string, catalog: Catalog): { file: string; model?: CatalogModel } {
  const model = catalog.models.find((m) => m.id === ref);
  if (model) return { file: model.file, model };
  if (!/[\\/]/.test(ref) && !ref.toLowerCase().endsWith(".gguf")) {
    throw new KefuError("not_found", `No model with the id "${ref}" in the catalog (see: kefu models list)`);
  }
  const file = checkModelFileName(ref);
  return { file, model: catalog.models.find((m) => m.file === file) };
}

/**
 * Makes a present file the default chat model, the light one, or the embedding model. A catalog model whose role is
 * embedding always becomes the embedding model; a file placed by hand becomes one with `embedding: true`.
 */
export function useModel(ref: string, opts: { light?: boolean; embedding?: boolean; dir?: string } = {}) {
  const dir = opts.dir ?? modelsDir();
  const { file, model } = modelFileOf(ref, readCatalog(dir));
  const role =
    model?.role === "embedding" || opts.embedding
      ? ("embedding" as const)
      : opts.light
        ? ("light" as const)
        : ("chat" as const);
  if (role === "embedding" && opts.light)
    throw new KefuError(
      "bad_request",
      "A model is either the light model or the embedding model: give --light or --embedding, not both",
    );
  if (role === "embedding" && model && model.role !== "embedding")
    throw new KefuError("bad_request", `${model.name} is a chat model, not an embedding model`);
  const full = resolveModelFile(file, dir);
  if (!fs.existsSync(full))
    throw new KefuError(
      "not_found",
      `${file} is not in ${dir}: pull it first (kefu models pull ${model?.id ?? "<id>"})`,
    );
  const settings = updateSettings({ [role]: file }, dir);
  return { file, path: full, role, settings };
}

/**
 * Deletes a model file (and an unfinished download of it). The default chat model and the light model are refused
 * while they are set — the next start would fall back to another file without anyone having chosen it — and so is
 * the model the server has loaded (`loadedPath`).
 */
export function removeModel(ref: string, opts: { dir?: string; loadedPath?: string | string[] } = {}) {
  const dir = opts.dir ?? modelsDir();
  const { file } = modelFileOf(ref, readCatalog(dir));
  const full = resolveModelFile(file, dir);
  const settings = readSettings(dir);
  if (settings.chat === file)
    throw new KefuError(
      "conflict",
      `${file} is the default chat model: choose another one first (kefu models use <id|file>)`,
    );
  if (settings.light === file)
    throw new KefuError(
      "conflict",
      `${file} is the light model: choose another one first (kefu models use <id|file> --light)`,
    );
  if (settings.embedding === file)
    throw new KefuError(
      "conflict",
      `${file} is the embedding model: choose another one first (kefu models use <id|file> --embedding)`,
    );
  const loaded = [opts.loadedPath ?? []].flat();
  if (loaded.some((p) => path.resolve(/*turbopackIgnore: true*/ p) === full))
    throw new KefuError("conflict", `${file} is loaded right now: load another model first`);
  if (fs.existsSync(`${full}.partial.lock`)) throw new KefuError("conflict", `${file} is being downloaded`);
  const removed: string[] = [];
  for (const p of [full, `${full}.partial`]) {
    // turbopackIgnore: Next's file tracing would otherwise take these dynamic paths to mean "the whole project"
    if (fs.existsSync(/*turbopackIgnore: true*/ p)) {
      fs.rmSync(p);
      removed.push(path.basename(p));
    }
  }
  if (!removed.length) throw new KefuError("not_found", `There is no ${file} in ${dir}`);
  return { file, removed };
}

// --- downloads started from the admin page: they run in the server process, the page polls their progress ---

export type DownloadState = {
  id: string;
  file: string;
  status: "running" | "done" | "failed" | "cancelled";
  done: number;
  total: number;
  error: string | null;
  startedAt: string;
};

type Running = { state: DownloadState; controller: AbortController };
// Next's route handlers and server.ts share one process but not one module graph: keep the map on globalThis
const g = globalThis as unknown as { __kefuDownloads?: Map<string, Running> };
const downloads = () => (g.__kefuDownloads ??= new Map());

export function listDownloads(): DownloadState[] {
  return [...downloads().values()].map((d) => ({ ...d.state }));
}

/** Starts downloading a catalog model in the background; starting one that runs already returns it. */
export function startDownload(id: string, dir = modelsDir()): DownloadState {
  const model = readCatalog(dir).models.find((m) => m.id === id);
  if (!model) throw new KefuError("not_found", `No model with the id "${id}" in the catalog`);
  const current = downloads().get(id);
  if (current?.state.status === "running") return { ...current.state };
  if (fs.existsSync(resolveModelFile(model.file, dir)))
    throw new KefuError("conflict", `${model.file} is downloaded already`);
  const controller = new AbortController();
  const state: DownloadState = {
    id,
    file: model.file,
    status: "running",
    done: 0,
    total: model.size,
    error: null,
    startedAt: new Date().toISOString(),
  };
  downloads().set(id, { state, controller });
  downloadModel(model, {
    dir,
    signal: controller.signal,
    onProgress: (p) => Object.assign(state, p),
  }).then(
    () => (state.status = "done"),
    (err: unknown) => {
      state.status = controller.signal.aborted ? "cancelled" : "failed";
      if (err instanceof KefuError) state.error = err.message;
      else {
        log.error(`download of ${id} failed`, { err });
        state.error = "The download failed; the server log has the details.";
      }
    },
  );
  return { ...state };
}

export function cancelDownload(id: string): DownloadState {
  const d = downloads().get(id);
  if (!d || d.state.status !== "running") throw new KefuError("not_found", `No download of "${id}" is running`);
  d.controller.abort();
  return { ...d.state };
}
