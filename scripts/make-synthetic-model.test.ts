// The synthetic GGUF writer: what it writes reads back, and node-llama-cpp loads it and generates with it.
// Kept tiny (n_embd 64, 2 layers) so it runs in a second or two.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { getLlama, LlamaChat, LlamaLogLevel } from "node-llama-cpp";
// @ts-expect-error plain .mjs script without types
import { encodeTensor, readGguf, toHalf, writeSyntheticModel } from "./make-synthetic-model.mjs";
// @ts-expect-error plain .mjs script without types
import { ensureTestModel } from "./test-model.mjs";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-synthetic-"));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("f16 and q8_0 encodings match the ggml layouts", () => {
  assert.equal(toHalf(1), 0x3c00);
  assert.equal(toHalf(-2), 0xc000);
  assert.equal(toHalf(0.5), 0x3800);
  assert.equal(toHalf(0), 0);
  const values = Float32Array.from({ length: 32 }, (_, i) => (i - 16) / 16);
  const q = encodeTensor(values, "q8_0") as Buffer;
  assert.equal(q.length, 34);
  assert.equal(q.readUInt16LE(0), toHalf(1 / 127)); // scale = max|x| / 127
  assert.equal(q.readInt8(2), -127); // x = -1
  assert.equal(q.readInt8(2 + 16), 0); // x = 0
});

test("the written model reads back with the asked shape and the source tokenizer, loads, and generates", async () => {
  const tokenizerFrom = await ensureTestModel(process.cwd());
  const out = path.join(dir, "tiny.gguf");
  const r = writeSyntheticModel({
    out,
    tokenizerFrom,
    embd: 64,
    layers: 2,
    heads: 4,
    ff: 128,
    ctx: 256,
    type: "q8_0",
    seed: 7,
    name: "tiny",
  });
  const src = readGguf(tokenizerFrom);
  const g = readGguf(out);
  assert.equal(g.version, 3);
  assert.equal(g.kv["general.architecture"], "llama");
  assert.equal(g.kv["llama.embedding_length"], 64);
  assert.equal(g.kv["llama.block_count"], 2);
  assert.equal(g.kv["llama.attention.head_count"], 4);
  assert.equal(g.kv["llama.feed_forward_length"], 128);
  assert.equal(g.kv["llama.context_length"], 256);
  assert.deepEqual(g.kv["tokenizer.ggml.tokens"], src.kv["tokenizer.ggml.tokens"]);
  assert.equal(g.kv["tokenizer.ggml.eos_token_id"], src.kv["tokenizer.ggml.eos_token_id"]);
  assert.equal(g.tensors.length, 3 + 2 * 9);
  assert.deepEqual(g.tensors.find((t: { name: string }) => t.name === "blk.1.ffn_down.weight").dims, [128, 64]);
  for (const t of g.tensors) assert.equal(t.offset % 32, 0, `${t.name} is aligned`);
  assert.equal(g.dataOffset % 32, 0);
  assert.equal(fs.statSync(out).size, r.bytes);
  // same seed, same bytes
  const again = path.join(dir, "again.gguf");
  writeSyntheticModel({
    out: again,
    tokenizerFrom,
    embd: 64,
    layers: 2,
    heads: 4,
    ff: 128,
    ctx: 256,
    type: "q8_0",
    seed: 7,
    name: "tiny",
  });
  assert.ok(fs.readFileSync(out).equals(fs.readFileSync(again)));

  const llama = await getLlama({ gpu: false, build: "never", maxThreads: 1, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: out });
  try {
    assert.equal(model.trainContextSize, 256);
    const context = await model.createContext({ sequences: 1, threads: 1, contextSize: 256 });
    const sequence = context.getSequence();
    const chat = new LlamaChat({ contextSequence: sequence });
    await chat.generateResponse(
      [
        { type: "user", text: "Hello" },
        { type: "model", response: [] },
      ],
      { maxTokens: 24, temperature: 0 },
    );
    // the control tokens' output rows are zero, so the random model never stops early: the whole budget is used
    assert.equal(sequence.tokenMeter.usedOutputTokens, 24);
    await context.dispose();
  } finally {
    await model.dispose();
  }
});
