import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { env } from "../env";

const catalogSchema = z.object({
  version: z.number(),
  default: z.string(),
  models: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      source: z.string(),
      file: z.string(),
      size: z.number(),
      sha256: z.string().optional(),
      role: z.enum(["chat", "embedding"]),
      class: z.enum(["full", "light"]),
      contextSize: z.number(),
      license: z.string(),
    }).passthrough(),
  ),
});
export type CatalogModel = z.infer<typeof catalogSchema>["models"][number];

export function readCatalog(dir = env().KEFU_MODELS_DIR) {
  return catalogSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, "catalog.json"), "utf8")));
}

/** The model file to load: KEFU_MODEL_PATH, else the first .gguf in models/ (by name). */
export function findLocalModel(): string | undefined {
  const configured = env().KEFU_MODEL_PATH;
  if (configured) {
    if (!fs.existsSync(configured)) throw new Error(`KEFU_MODEL_PATH points at ${configured}, which does not exist`);
    return path.resolve(configured);
  }
  const dir = env().KEFU_MODELS_DIR;
  if (!fs.existsSync(dir)) return undefined;
  const first = fs.readdirSync(dir).filter((f) => f.endsWith(".gguf")).sort()[0];
  return first ? path.join(dir, first) : undefined;
}

/** Downloads a catalog model into models/, resuming a .partial file, with a progress bar on stderr. */
export async function downloadModel(model: CatalogModel, opts: { timeoutMs?: number } = {}): Promise<string> {
  const dir = env().KEFU_MODELS_DIR;
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, model.file);
  if (path.dirname(target) !== path.resolve(dir)) throw new Error(`Refusing model file name ${model.file}`);
  if (fs.existsSync(target)) return target;
  const partial = `${target}.partial`;
  const have = fs.existsSync(partial) ? fs.statSync(partial).size : 0;
  const controller = new AbortController();
  const connectTimer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 15000);
  const res = await fetch(model.source, {
    headers: have ? { Range: `bytes=${have}-` } : {},
    signal: controller.signal,
  });
  clearTimeout(connectTimer);
  if (!res.ok || !res.body) throw new Error(`Download of ${model.id} failed: HTTP ${res.status}`);
  const resumed = res.status === 206;
  const total = Number(res.headers.get("content-length") ?? 0) + (resumed ? have : 0) || model.size;
  const out = fs.createWriteStream(partial, { flags: resumed ? "a" : "w" });
  let done = resumed ? have : 0;
  let lastDraw = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    out.write(chunk);
    done += chunk.length;
    if (Date.now() - lastDraw > 250) {
      lastDraw = Date.now();
      drawProgress(model.name, done, total);
    }
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  drawProgress(model.name, done, total);
  process.stderr.write("\n");
  if (model.sha256 && (await sha256(partial)) !== model.sha256) {
    fs.rmSync(partial);
    throw new Error(`Checksum mismatch for ${model.file}: the download was corrupted, try again`);
  }
  fs.renameSync(partial, target);
  return target;
}

function drawProgress(name: string, done: number, total: number) {
  const width = 30;
  const ratio = total ? Math.min(1, done / total) : 0;
  const bar = "█".repeat(Math.round(ratio * width)).padEnd(width, "░");
  const mb = (n: number) => (n / 1e6).toFixed(1);
  process.stderr.write(`\r  ${name} ${bar} ${(ratio * 100).toFixed(0)}% ${mb(done)}/${mb(total)} MB`);
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
