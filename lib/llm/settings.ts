import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { env } from "../env";
import { KefuError } from "../errors";

/** The folder Kefu keeps its GGUF files in (KEFU_MODELS_DIR, default ./models), as an absolute path. */
export function modelsDir(): string {
  return path.resolve(env().KEFU_MODELS_DIR);
}

/**
 * A model file is named, never given as a path: a plain file name ending in .gguf, always looked up inside the
 * models folder. The name reaches us from the CLI, the admin API and the settings file, so anything that could
 * step outside the folder (separators, `..`, absolute paths, NUL) is refused here, in one place.
 */
export const modelFileNameSchema = z
  .string()
  .trim()
  .min(1, "the file name is empty")
  .max(255, "the file name is longer than 255 characters")
  .superRefine((name, ctx) => {
    const problem = fileNameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

function fileNameProblem(name: string): string | undefined {
  if (name.includes("\0")) return "the file name contains a NUL character";
  if (path.isAbsolute(name) || path.win32.isAbsolute(name))
    return `"${name}" is an absolute path: give a file name inside the models folder`;
  if (/[\\/]/.test(name)) return `"${name}" is a path: give a plain file name inside the models folder`;
  if (name === "." || name === ".." || name.startsWith(".")) return `"${name}" is not a model file name`;
  if (!name.toLowerCase().endsWith(".gguf")) return `"${name}" is not a .gguf file`;
  return undefined;
}

/** Throws a `bad_request` KefuError with the reason when `name` is not a safe model file name. */
export function checkModelFileName(name: unknown): string {
  const parsed = modelFileNameSchema.safeParse(name);
  if (!parsed.success) throw new KefuError("bad_request", parsed.error.issues[0].message);
  return parsed.data;
}

/**
 * The absolute path of a model file inside `dir`. The name is checked first; when the file exists, its real path
 * (after symlinks) must still be inside the folder: a link planted in models/ must not expose /etc or a home folder.
 */
export function resolveModelFile(name: unknown, dir = modelsDir()): string {
  const file = checkModelFileName(name);
  const root = path.resolve(dir);
  const full = path.join(root, file);
  if (path.dirname(full) !== root) throw new KefuError("bad_request", `"${file}" is not inside the models folder`);
  let link = false;
  try {
    link = fs.lstatSync(full).isSymbolicLink();
  } catch {
    return full; // not there (yet): nothing to follow
  }
  let real: string;
  try {
    real = fs.realpathSync(full);
  } catch {
    // a dangling link would be written through by a download
    throw new KefuError("bad_request", `"${file}" is a broken link`);
  }
  if (link && !real.startsWith(fs.realpathSync(root) + path.sep)) {
    throw new KefuError("bad_request", `"${file}" is a link to a file outside the models folder`);
  }
  if (!fs.statSync(real).isFile()) throw new KefuError("bad_request", `"${file}" is not a file`);
  return full;
}

export const modelSettingsSchema = z.object({
  /** The chat model loaded at start (unless KEFU_MODEL_PATH says otherwise). */
  chat: modelFileNameSchema.optional(),
  /** A smaller chat model for light work (summaries, classification), kept for the features that use it. */
  light: modelFileNameSchema.optional(),
  /** The embedding model for knowledge search (unless KEFU_EMBEDDING_MODEL_PATH says otherwise); none = keywords only. */
  embedding: modelFileNameSchema.optional(),
});
export type ModelSettings = z.infer<typeof modelSettingsSchema>;

const settingsFile = (dir: string) => path.join(dir, "settings.json");

/** `<models dir>/settings.json`; missing means nothing chosen yet. A broken file is an error that names the file. */
export function readSettings(dir = modelsDir()): ModelSettings {
  const file = settingsFile(dir);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KefuError("bad_request", `${file} is not valid JSON: fix or delete it`);
  }
  const parsed = modelSettingsSchema.safeParse(json);
  if (!parsed.success) {
    throw new KefuError(
      "bad_request",
      `${file} is not valid (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}): fix or delete it`,
    );
  }
  return parsed.data;
}

/** Changes the chosen models: a file name sets one, `null` clears it, `undefined` keeps it. Written atomically. */
export function updateSettings(
  change: { chat?: string | null; light?: string | null; embedding?: string | null },
  dir = modelsDir(),
): ModelSettings {
  const next: ModelSettings = { ...readSettings(dir) };
  for (const key of ["chat", "light", "embedding"] as const) {
    const value = change[key];
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = checkModelFileName(value);
  }
  const file = settingsFile(dir);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(modelSettingsSchema.parse(next), null, 2)}\n`);
  fs.renameSync(tmp, file);
  return next;
}
