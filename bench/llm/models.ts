import fs from "node:fs";
import path from "node:path";
import { readCatalog } from "../../lib/llm/catalog";
import { evalModels, NO_EVAL_MODELS } from "../eval-models";
import { root } from "./workload";

let embeddingModelFile = "";
/** The embedding model file the server is started with (set by findModels). */
export const embeddingModel = () => embeddingModelFile;

/** The tiny test model first, then every chat model in models/ (a catalog embedding model is not a chat model). */
export async function findModels(): Promise<string[]> {
  const shared = path.resolve(root, "..", "shared", "models", "stories260K.gguf");
  let tiny = fs.existsSync(shared) ? shared : undefined;
  if (!tiny) {
    const { ensureTestModel } = (await import("../scripts/test-model.mjs" as string)) as {
      ensureTestModel: (r: string) => Promise<string>;
    };
    tiny = await ensureTestModel(root);
  }
  const dir = process.env.KEFU_MODELS_DIR ?? path.join(root, "models");
  const others = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".gguf"))
        .map((f) => path.join(dir, f))
        .filter((f) => path.basename(f) !== path.basename(tiny!))
    : [];
  let embedding = new Set<string>();
  try {
    embedding = new Set(
      readCatalog(dir)
        .models.filter((m) => m.role === "embedding")
        .map((m) => m.file),
    );
  } catch {}
  embeddingModelFile = tiny;
  // BENCH_QUICK=1 (tests/bench-llm.test.ts): the tiny model only
  if (process.env.BENCH_QUICK === "1") return [tiny];
  // the real chat models of `npm run models:eval`, after those in models/
  const real = evalModels(root).chat.map((m) => m.path);
  if (!real.length) console.log(NO_EVAL_MODELS);
  const all = [tiny, ...others.filter((f) => !embedding.has(path.basename(f))).sort(), ...real];
  // BENCH_MODELS=synthetic runs only the files whose name contains one of the comma-separated words
  const only = process.env.BENCH_MODELS?.split(",").filter(Boolean);
  return only ? all.filter((f) => only.some((w) => path.basename(f).includes(w))) : all;
}
