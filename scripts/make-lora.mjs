// Writes a LoRA adapter GGUF (llama.cpp's format: general.type "adapter", adapter.type "lora", adapter.lora.alpha, and
// for each adapted tensor W of the base model `W.lora_a` [n_in, rank] and `W.lora_b` [rank, n_out]) with seeded
// random weights that fits a given base model. The tests use it to prove that a bot's LoRA adapter is applied, with
// nothing from outside the project: an adapter on the output matrix changes what the model writes.
//
//   node scripts/make-lora.mjs --base models/stories260K.gguf --out models/stories-lora.gguf [--rank 4] [--alpha 4]
//                              [--strength 1] [--targets output.weight,blk.0.attn_q.weight] [--seed 1]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { encodeHeader, encodeTensor, readGguf, T } from "./make-synthetic-model.mjs";

/** Writes the adapter; `strength` scales B (0 gives an adapter that changes nothing). */
export function writeLora({ out, base, rank = 4, alpha = rank, strength = 1, targets = ["output.weight"], seed = 1 }) {
  const model = readGguf(base);
  const arch = model.kv["general.architecture"];
  const byName = new Map(model.tensors.map((t) => [t.name, t]));
  const tensors = [];
  for (const name of targets) {
    const w = byName.get(name);
    if (!w || w.dims.length !== 2) throw new Error(`${base} has no 2-D tensor ${name}`);
    const [nIn, nOut] = w.dims;
    tensors.push({ name: `${name}.lora_a`, dims: [nIn, rank], type: "f32", scale: Math.sqrt(3 / nIn) });
    tensors.push({ name: `${name}.lora_b`, dims: [rank, nOut], type: "f32", scale: strength });
  }
  const kvs = [
    { key: "general.architecture", type: T.STRING, value: arch },
    { key: "general.type", type: T.STRING, value: "adapter" },
    { key: "general.name", type: T.STRING, value: path.basename(out, ".gguf") },
    { key: "general.alignment", type: T.U32, value: 32 },
    { key: "adapter.type", type: T.STRING, value: "lora" },
    { key: "adapter.lora.alpha", type: T.F32, value: alpha },
  ];
  const header = encodeHeader(kvs, tensors);
  let a = seed >>> 0; // mulberry32, uniform in [-1, 1)
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  };
  const parts = [header];
  let pos = header.length;
  for (const t of tensors) {
    const v = new Float32Array(t.dims[0] * t.dims[1]);
    for (let i = 0; i < v.length; i++) v[i] = next() * t.scale;
    const pad = header.length + t.offset - pos;
    if (pad) parts.push(Buffer.alloc(pad));
    const data = encodeTensor(v, t.type);
    parts.push(data);
    pos += pad + data.length;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, Buffer.concat(parts));
  return { out, bytes: pos, tensors: tensors.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = Object.fromEntries(
    process.argv
      .slice(2)
      .join(" ")
      .split(/\s*--/)
      .filter(Boolean)
      .map((x) => x.split(/\s+/)),
  );
  if (!args.base || !args.out) {
    console.error(
      "usage: node scripts/make-lora.mjs --base <model.gguf> --out <adapter.gguf> [--rank 4] [--alpha 4] [--strength 1] [--targets a,b] [--seed 1]",
    );
    process.exit(2);
  }
  const n = (k, d) => (args[k] ? Number(args[k]) : d);
  const r = writeLora({
    out: args.out,
    base: args.base,
    rank: n("rank", 4),
    alpha: n("alpha", n("rank", 4)),
    strength: n("strength", 1),
    seed: n("seed", 1),
    targets: args.targets?.split(","),
  });
  console.log(`wrote ${r.out}: ${r.tensors} tensors, ${r.bytes} bytes`);
}
