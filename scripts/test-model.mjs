// The tests' model. ../shared/models/stories260K.gguf (llama.cpp's tinyllamas, MIT) when it is there; else a tiny
// llama model of our own, written once into .kefu/test-models by the project's GGUF writer with seeded random weights
// and our own byte-fallback tokenizer: no network and no other file needed. Its text is gibberish, like any tiny
// model's; it exercises the same path (load, tokenize, stream, embed) as a real one.
import fs from "node:fs";
import path from "node:path";
import { writeSyntheticModel } from "./make-synthetic-model.mjs";
import { testTokenizer } from "./test-tokenizer.mjs";

const FILE = "stories260K.gguf";
export const SYNTHETIC_TEST_MODEL = "kefu-tiny-test.gguf";

export async function ensureTestModel(root = process.cwd()) {
  if (process.env.KEFU_TEST_MODEL && fs.existsSync(process.env.KEFU_TEST_MODEL)) return process.env.KEFU_TEST_MODEL;
  const shared = path.resolve(root, "..", "shared", "models", FILE);
  if (fs.existsSync(shared)) return shared;
  const cached = path.join(root, ".kefu", "test-models", FILE);
  if (fs.existsSync(cached)) return cached;
  const target = path.join(root, ".kefu", "test-models", SYNTHETIC_TEST_MODEL);
  if (!fs.existsSync(target)) {
    console.log(
      `[test] no ${FILE} in ../shared/models: writing the synthetic test model ${path.relative(root, target)}`,
    );
    // 4,096 tokens of context: the tests' prompts (bot instructions, entries, recent turns) fit as they do in production
    writeSyntheticModel({
      out: target,
      tokenizer: testTokenizer(),
      embd: 64,
      layers: 2,
      heads: 4,
      ff: 192,
      ctx: 4096,
      type: "f32",
      seed: 7,
    });
  }
  return target;
}
