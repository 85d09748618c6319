// The real models `npm run models:eval` fetched (models/eval-models.json, files in .kefu/eval-models): the benches use
// them when present and say so when they are not.
import fs from "node:fs";
import path from "node:path";

export type EvalModel = { id: string; role: "chat" | "embedding"; file: string; license: string; path: string };

export function evalModels(root = process.cwd()) {
  const dir = path.resolve(root, process.env.KEFU_EVAL_MODELS_DIR ?? path.join(".kefu", "eval-models"));
  const { models } = JSON.parse(fs.readFileSync(path.join(root, "models", "eval-models.json"), "utf8")) as {
    models: Omit<EvalModel, "path">[];
  };
  const present = models.map((m) => ({ ...m, path: path.join(dir, m.file) })).filter((m) => fs.existsSync(m.path));
  const embeddings = present.filter((m) => m.role === "embedding");
  // the first embedding model of the record is the benches' default (multilingual-e5-small)
  return { chat: present.filter((m) => m.role === "chat"), embedding: embeddings[0], embeddings };
}

export const NO_EVAL_MODELS = "no real models in .kefu/eval-models: run `npm run models:eval` to measure on real ones";
