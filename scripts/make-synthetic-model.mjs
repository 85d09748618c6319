// `npm run model:synthetic`: writes models/synthetic-llama-113m-q8_0.gguf, a llama-architecture GGUF of real size
// (n_embd 768, 12 layers, 12 heads, n_ff 3072, context 2048: ~113M parameters) with seeded random weights and the
// tokenizer of the tiny test model. No model hub is reachable here, so this is the only way to measure what needs the
// compute of a real model (8 concurrent answers vs 1). Its text is gibberish; its cost per token is real.
//
//   node scripts/make-synthetic-model.mjs [--out models/x.gguf] [--embd 768] [--layers 12] [--heads 12] [--ff 3072]
//                                         [--ctx 2048] [--type q8_0|f16|f32] [--seed 1]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// GGUF v3 (ggml/docs/gguf.md): little endian; header, metadata kvs, tensor infos, padding to the alignment, data.
export const T = {
  U8: 0,
  I8: 1,
  U16: 2,
  I16: 3,
  U32: 4,
  I32: 5,
  F32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  U64: 10,
  I64: 11,
  F64: 12,
};
const GGML = {
  f32: { id: 0, block: 1, bytes: 4 },
  f16: { id: 1, block: 1, bytes: 2 },
  q8_0: { id: 8, block: 32, bytes: 34 },
};
const FILE_TYPE = { f32: 0, f16: 1, q8_0: 7 }; // general.file_type (llama_ftype)
const ALIGNMENT = 32;

// ---------------------------------------------------------------------------------------------------------------
// Reader (metadata and tensor infos only)

export function readGguf(file) {
  const fd = fs.openSync(file, "r");
  const size = fs.fstatSync(fd).size;
  const buf = Buffer.alloc(Math.min(size, 64 * 2 ** 20));
  fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  let o = 0;
  const u32 = () => ((o += 4), buf.readUInt32LE(o - 4));
  const u64 = () => ((o += 8), Number(buf.readBigUInt64LE(o - 8)));
  const str = () => {
    const n = u64();
    o += n;
    return buf.toString("utf8", o - n, o);
  };
  const scalar = (t) => {
    switch (t) {
      case T.U8:
        return buf.readUInt8((o += 1) - 1);
      case T.I8:
        return buf.readInt8((o += 1) - 1);
      case T.U16:
        return buf.readUInt16LE((o += 2) - 2);
      case T.I16:
        return buf.readInt16LE((o += 2) - 2);
      case T.U32:
        return u32();
      case T.I32:
        return buf.readInt32LE((o += 4) - 4);
      case T.F32:
        return buf.readFloatLE((o += 4) - 4);
      case T.BOOL:
        return buf.readUInt8((o += 1) - 1) !== 0;
      case T.STRING:
        return str();
      case T.U64:
        return u64();
      case T.I64:
        return Number(buf.readBigInt64LE((o += 8) - 8));
      case T.F64:
        return buf.readDoubleLE((o += 8) - 8);
      default:
        throw new Error(`GGUF: unknown value type ${t} at byte ${o}`);
    }
  };
  if (buf.toString("latin1", 0, 4) !== "GGUF") throw new Error(`${file} is not a GGUF file`);
  o = 4;
  const version = u32();
  if (version < 2) throw new Error(`${file}: GGUF version ${version} is not supported`);
  const tensorCount = u64();
  const kvCount = u64();
  const kv = {};
  const types = {};
  for (let i = 0; i < kvCount; i++) {
    const key = str();
    const t = u32();
    if (t === T.ARRAY) {
      const et = u32();
      const n = u64();
      const arr = new Array(n);
      for (let j = 0; j < n; j++) arr[j] = scalar(et);
      kv[key] = arr;
      types[key] = { type: T.ARRAY, elementType: et };
    } else {
      kv[key] = scalar(t);
      types[key] = { type: t };
    }
  }
  const tensors = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = str();
    const nd = u32();
    const dims = Array.from({ length: nd }, () => u64());
    tensors.push({ name, dims, type: u32(), offset: u64() });
  }
  const alignment = kv["general.alignment"] ?? ALIGNMENT;
  const dataOffset = Math.ceil(o / alignment) * alignment;
  return { version, kv, types, tensors, dataOffset, size };
}

// ---------------------------------------------------------------------------------------------------------------
// Writer

function encodeValue(parts, t, v) {
  const b = (n) => Buffer.alloc(n);
  let x;
  switch (t) {
    case T.U8:
      (x = b(1)).writeUInt8(v);
      break;
    case T.I8:
      (x = b(1)).writeInt8(v);
      break;
    case T.U16:
      (x = b(2)).writeUInt16LE(v);
      break;
    case T.I16:
      (x = b(2)).writeInt16LE(v);
      break;
    case T.U32:
      (x = b(4)).writeUInt32LE(v);
      break;
    case T.I32:
      (x = b(4)).writeInt32LE(v);
      break;
    case T.F32:
      (x = b(4)).writeFloatLE(v);
      break;
    case T.BOOL:
      (x = b(1)).writeUInt8(v ? 1 : 0);
      break;
    case T.U64:
      (x = b(8)).writeBigUInt64LE(BigInt(v));
      break;
    case T.I64:
      (x = b(8)).writeBigInt64LE(BigInt(v));
      break;
    case T.F64:
      (x = b(8)).writeDoubleLE(v);
      break;
    case T.STRING: {
      const s = Buffer.from(v, "utf8");
      (x = b(8)).writeBigUInt64LE(BigInt(s.length));
      parts.push(x, s);
      return;
    }
    default:
      throw new Error(`GGUF: cannot write value type ${t}`);
  }
  parts.push(x);
}

/** The header, metadata and tensor infos; tensor offsets are laid out aligned, in the order given. */
export function encodeHeader(kvs, tensors) {
  const parts = [];
  const head = Buffer.alloc(24);
  head.write("GGUF", 0, "latin1");
  head.writeUInt32LE(3, 4);
  head.writeBigUInt64LE(BigInt(tensors.length), 8);
  head.writeBigUInt64LE(BigInt(kvs.length), 16);
  parts.push(head);
  for (const { key, type, elementType, value } of kvs) {
    encodeValue(parts, T.STRING, key);
    encodeValue(parts, T.U32, type);
    if (type === T.ARRAY) {
      encodeValue(parts, T.U32, elementType);
      encodeValue(parts, T.U64, value.length);
      for (const v of value) encodeValue(parts, elementType, v);
    } else encodeValue(parts, type, value);
  }
  let offset = 0;
  for (const t of tensors) {
    encodeValue(parts, T.STRING, t.name);
    encodeValue(parts, T.U32, t.dims.length);
    for (const d of t.dims) encodeValue(parts, T.U64, d);
    encodeValue(parts, T.U32, GGML[t.type].id);
    t.offset = offset;
    encodeValue(parts, T.U64, offset);
    offset = Math.ceil((offset + tensorBytes(t)) / ALIGNMENT) * ALIGNMENT;
  }
  const header = Buffer.concat(parts);
  const padded = Buffer.alloc(Math.ceil(header.length / ALIGNMENT) * ALIGNMENT);
  header.copy(padded);
  return padded;
}

function tensorBytes(t) {
  const n = t.dims.reduce((a, b) => a * b, 1);
  const g = GGML[t.type];
  if (t.dims[0] % g.block)
    throw new Error(`${t.name}: row of ${t.dims[0]} is not a multiple of ${g.block} (${t.type})`);
  return (n / g.block) * g.bytes;
}

// seeded PRNG (mulberry32), uniform in [-1, 1)
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  };
}

const f32 = new Float32Array(1);
const u32v = new Uint32Array(f32.buffer);
/** float → IEEE half (round to nearest; enough for weights of magnitude ~0.01–1). */
export function toHalf(x) {
  f32[0] = x;
  const b = u32v[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = ((b >>> 23) & 0xff) - 127 + 15;
  let mant = b & 0x7fffff;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant |= 0x800000;
    return sign | ((mant >> (14 - exp)) + ((mant >> (13 - exp)) & 1));
  }
  if (exp >= 31) return sign | 0x7c00;
  const h = sign | (exp << 10) | (mant >> 13);
  return h + ((mant >> 12) & 1); // a carry into the exponent is the correct rounding
}

/** Encodes float values (a Float32Array) in the tensor's type. */
export function encodeTensor(values, type) {
  if (type === "f32") return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  if (type === "f16") {
    const out = Buffer.alloc(values.length * 2);
    for (let i = 0; i < values.length; i++) out.writeUInt16LE(toHalf(values[i]), i * 2);
    return out;
  }
  // q8_0: blocks of 32 values: an f16 scale d = max|x| / 127, then 32 int8 q = round(x / d)
  const blocks = values.length / 32;
  const out = Buffer.alloc(blocks * 34);
  for (let bi = 0; bi < blocks; bi++) {
    let amax = 0;
    for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(values[bi * 32 + j]));
    const d = amax / 127;
    const id = d ? 1 / d : 0;
    out.writeUInt16LE(toHalf(d), bi * 34);
    for (let j = 0; j < 32; j++) out.writeInt8(Math.round(values[bi * 32 + j] * id), bi * 34 + 2 + j);
  }
  return out;
}

/** The llama tensors (ggml dims: ne0 first, i.e. [columns, rows]). */
function llamaTensors({ embd, layers, heads, headsKv, ff, vocab, type }) {
  const kvDim = (embd / heads) * headsKv;
  const t = [
    { name: "token_embd.weight", dims: [embd, vocab], type, init: "weight" },
    { name: "output_norm.weight", dims: [embd], type: "f32", init: "ones" },
    { name: "output.weight", dims: [embd, vocab], type, init: "output" },
  ];
  for (let i = 0; i < layers; i++) {
    t.push(
      { name: `blk.${i}.attn_norm.weight`, dims: [embd], type: "f32", init: "ones" },
      { name: `blk.${i}.attn_q.weight`, dims: [embd, embd], type, init: "weight" },
      { name: `blk.${i}.attn_k.weight`, dims: [embd, kvDim], type, init: "weight" },
      { name: `blk.${i}.attn_v.weight`, dims: [embd, kvDim], type, init: "weight" },
      { name: `blk.${i}.attn_output.weight`, dims: [embd, embd], type, init: "weight" },
      { name: `blk.${i}.ffn_norm.weight`, dims: [embd], type: "f32", init: "ones" },
      { name: `blk.${i}.ffn_gate.weight`, dims: [embd, ff], type, init: "weight" },
      { name: `blk.${i}.ffn_up.weight`, dims: [embd, ff], type, init: "weight" },
      { name: `blk.${i}.ffn_down.weight`, dims: [ff, embd], type, init: "weight" },
    );
  }
  return t;
}

const TOKENIZER_KEYS = [
  "tokenizer.ggml.model",
  "tokenizer.ggml.tokens",
  "tokenizer.ggml.scores",
  "tokenizer.ggml.token_type",
  "tokenizer.ggml.merges",
  "tokenizer.ggml.bos_token_id",
  "tokenizer.ggml.eos_token_id",
  "tokenizer.ggml.unknown_token_id",
  "tokenizer.ggml.padding_token_id",
  "tokenizer.ggml.add_bos_token",
  "tokenizer.ggml.add_eos_token",
  "tokenizer.chat_template",
];

/**
 * Writes a llama GGUF with seeded random weights and the tokenizer of `tokenizerFrom` (another GGUF), or `tokenizer`
 * (readGguf()'s { kv, types } shape: scripts/test-tokenizer.mjs builds one without any other file).
 * The rows of the output matrix for control tokens (bos, eos, unk) are zero, so their logit is 0 and greedy decoding
 * of the random model never ends an answer early: every answer runs to its token budget, as a benchmark needs.
 */
export function writeSyntheticModel({
  out,
  tokenizerFrom,
  tokenizer,
  embd = 768,
  layers = 12,
  heads = 12,
  headsKv = heads,
  ff = 3072,
  ctx = 2048,
  type = "q8_0",
  seed = 1,
  name = path.basename(out, ".gguf"),
}) {
  if (!GGML[type]) throw new Error(`--type must be one of ${Object.keys(GGML).join(", ")}`);
  if (embd % heads || heads % headsKv)
    throw new Error("n_embd must be a multiple of the head count, and heads of kv heads");
  const src = tokenizer ?? readGguf(tokenizerFrom);
  const tokenizerName = tokenizer ? "Kefu's test tokenizer" : path.basename(tokenizerFrom);
  const tokens = src.kv["tokenizer.ggml.tokens"];
  if (!tokens) throw new Error(`${tokenizerName} has no tokenizer.ggml.tokens`);
  const vocab = tokens.length;
  const kvs = [
    { key: "general.architecture", type: T.STRING, value: "llama" },
    { key: "general.name", type: T.STRING, value: name },
    {
      key: "general.description",
      type: T.STRING,
      value: `Synthetic: random weights (seed ${seed}), tokenizer of ${tokenizerName}. For benchmarks and tests only.`,
    },
    { key: "general.file_type", type: T.U32, value: FILE_TYPE[type] },
    { key: "general.alignment", type: T.U32, value: ALIGNMENT },
    { key: "llama.context_length", type: T.U32, value: ctx },
    { key: "llama.embedding_length", type: T.U32, value: embd },
    { key: "llama.block_count", type: T.U32, value: layers },
    { key: "llama.feed_forward_length", type: T.U32, value: ff },
    { key: "llama.attention.head_count", type: T.U32, value: heads },
    { key: "llama.attention.head_count_kv", type: T.U32, value: headsKv },
    { key: "llama.rope.dimension_count", type: T.U32, value: embd / heads },
    { key: "llama.attention.layer_norm_rms_epsilon", type: T.F32, value: 1e-5 },
    { key: "llama.vocab_size", type: T.U32, value: vocab },
  ];
  for (const key of TOKENIZER_KEYS) if (key in src.kv) kvs.push({ key, ...src.types[key], value: src.kv[key] });
  const control = new Set(
    ["tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id", "tokenizer.ggml.unknown_token_id"]
      .map((k) => src.kv[k])
      .filter((v) => v != null),
  );

  const tensors = llamaTensors({ embd, layers, heads, headsKv, ff, vocab, type });
  const header = encodeHeader(kvs, tensors);
  const next = rng(seed);
  const tmp = `${out}.partial`;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const fd = fs.openSync(tmp, "w");
  let pos = 0;
  const write = (b) => {
    fs.writeSync(fd, b, 0, b.length, pos);
    pos += b.length;
  };
  write(header);
  let params = 0;
  for (const t of tensors) {
    const n = t.dims.reduce((a, b) => a * b, 1);
    params += n;
    const v = new Float32Array(n);
    if (t.init === "ones") v.fill(1);
    else {
      // uniform with the std of a normal N(0, 1/sqrt(fan_in)) init, so activations stay of order 1 through the layers
      const a = Math.sqrt(3 / t.dims[0]);
      for (let i = 0; i < n; i++) v[i] = next() * a;
      if (t.init === "output") for (const id of control) v.fill(0, id * t.dims[0], (id + 1) * t.dims[0]);
    }
    const pad = header.length + t.offset - pos;
    if (pad) write(Buffer.alloc(pad));
    write(encodeTensor(v, t.type));
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, out);
  return { out, params, bytes: pos, vocab, tensors: tensors.length };
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const args = Object.fromEntries(
    process.argv
      .slice(2)
      .join(" ")
      .split(/\s*--/)
      .filter(Boolean)
      .map((a) => a.split(/\s+/)),
  );
  const root = process.cwd();
  const { ensureTestModel } = await import("./test-model.mjs");
  const tokenizerFrom = args.tokenizer ?? (await ensureTestModel(root));
  const n = (k, d) => (args[k] ? Number(args[k]) : d);
  const type = args.type ?? "q8_0";
  const opts = {
    embd: n("embd", 768),
    layers: n("layers", 12),
    heads: n("heads", 12),
    ff: n("ff", 3072),
    ctx: n("ctx", 2048),
    seed: n("seed", 1),
    type,
  };
  const out = path.resolve(
    root,
    args.out ??
      path.join(process.env.KEFU_MODELS_DIR ?? "models", `synthetic-llama-${opts.embd}x${opts.layers}-${type}.gguf`),
  );
  if (fs.existsSync(out) && !("force" in args)) {
    console.log(`${path.relative(root, out)} exists (--force to write it again)`);
    return;
  }
  const t = performance.now();
  const r = writeSyntheticModel({ out, tokenizerFrom, ...opts });
  console.log(
    `wrote ${path.relative(root, out)}: ${(r.params / 1e6).toFixed(1)}M parameters, ${(r.bytes / 1e6).toFixed(1)} MB, ${r.tensors} tensors, vocab ${r.vocab} (tokenizer of ${path.basename(tokenizerFrom)}), ${type}, in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
