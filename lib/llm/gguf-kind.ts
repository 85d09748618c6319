import fs from "node:fs";
import path from "node:path";

// llama.cpp's encoder architectures: models made to embed, whatever their pooling key says
const ENCODERS = new Set([
  "bert",
  "nomic-bert",
  "nomic-bert-moe",
  "jina-bert-v2",
  "jina-bert-v3",
  "neo-bert",
  "modern-bert",
  "t5encoder",
  "gemma-embedding",
]);
const HEAD_BYTES = 1 << 20;

/**
 * Whether a GGUF file is a dedicated embedding model (an encoder architecture, or a pooling type set in its metadata,
 * as Qwen3-Embedding has) rather than a chat model asked for vectors. Reads only the first metadata keys; a file that
 * cannot be read counts as not dedicated, so retrieval keeps measuring it before trusting it.
 */
export function isDedicatedEmbeddingModel(file: string): boolean {
  try {
    const meta = readLeadingMetadata(file);
    const arch = meta.get("general.architecture");
    if (typeof arch !== "string") return false;
    const pooling = meta.get(`${arch}.pooling_type`);
    return ENCODERS.has(arch) || (typeof pooling === "number" && pooling > 0);
  } catch {
    return false;
  }
}

export type EmbedAs = "query" | "passage";
export type EmbeddingPrefixes = Record<EmbedAs, string>;
const NO_PREFIXES: EmbeddingPrefixes = { query: "", passage: "" };
// e5 models were trained with these prefixes and lose recall without them (intfloat's model cards)
const E5_PREFIXES: EmbeddingPrefixes = { query: "query: ", passage: "passage: " };
const E5_NAME = /(^|[^a-z0-9])e5([^a-z0-9]|$)/i;

/**
 * What an embedding model wants before a question and before an entry's text: the `kefu.embedding.query_prefix` /
 * `passage_prefix` metadata that Kefu's converter writes, else e5's prefixes for a file or model named e5 (a GGUF
 * converted elsewhere carries no such keys), else none.
 */
export function embeddingPrefixes(file: string): EmbeddingPrefixes {
  let meta: Map<string, string | number | boolean>;
  try {
    meta = readLeadingMetadata(file);
  } catch {
    meta = new Map(); // unreadable metadata: the file name still tells an e5 model
  }
  const query = meta.get("kefu.embedding.query_prefix");
  const passage = meta.get("kefu.embedding.passage_prefix");
  if (typeof query === "string" || typeof passage === "string") {
    return { query: typeof query === "string" ? query : "", passage: typeof passage === "string" ? passage : "" };
  }
  const name = meta.get("general.name");
  return E5_NAME.test(path.basename(file)) || (typeof name === "string" && E5_NAME.test(name))
    ? E5_PREFIXES
    : NO_PREFIXES;
}

/** The scalar metadata before the first array that does not fit the first megabyte (tokenizer vocabularies come last). */
function readLeadingMetadata(file: string): Map<string, string | number | boolean> {
  const fd = fs.openSync(file, "r");
  const buf = Buffer.alloc(HEAD_BYTES);
  const read = fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  const meta = new Map<string, string | number | boolean>();
  if (buf.toString("latin1", 0, 4) !== "GGUF") return meta;
  let o = 8;
  const need = (n: number) => {
    if (o + n > read) throw new RangeError("metadata beyond the part read");
  };
  const u64 = () => (need(8), (o += 8), Number(buf.readBigUInt64LE(o - 8)));
  o += 8; // tensor count
  const kvCount = u64();
  const SIZES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
  const value = (type: number): string | number | boolean | undefined => {
    if (type === 8) {
      const n = u64();
      need(n);
      o += n;
      return buf.toString("utf8", o - n, o);
    }
    if (type === 9) {
      need(4);
      const inner = buf.readUInt32LE(o);
      o += 4;
      const n = u64();
      for (let i = 0; i < n; i++) value(inner);
      return undefined;
    }
    const size = SIZES[type];
    if (!size) throw new Error(`unknown GGUF value type ${type}`);
    need(size);
    o += size;
    if (type === 4) return buf.readUInt32LE(o - 4);
    if (type === 5) return buf.readInt32LE(o - 4);
    if (type === 7) return buf.readUInt8(o - 1) !== 0;
    return size <= 4 ? buf.readUIntLE(o - size, size) : 0;
  };
  try {
    for (let i = 0; i < kvCount; i++) {
      const key = value(8) as string;
      need(4);
      const type = buf.readUInt32LE(o);
      o += 4;
      const v = value(type);
      if (v !== undefined) meta.set(key, v);
    }
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
  }
  return meta;
}
