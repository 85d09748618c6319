// A small SentencePiece-style ("llama") vocabulary of our own for the offline test model: the three control tokens,
// the 256 byte tokens (so any text, Chinese included, tokenizes through byte fallback), printable ASCII and common
// English words with every prefix (llama.cpp builds a word by merging adjacent pieces that are in the vocabulary).
// Shaped like readGguf()'s result, so writeSyntheticModel takes it in place of another model's tokenizer.
import { T } from "./make-synthetic-model.mjs";

const WORDS = `the a an and or but to of in on at for with from by is are was were be been it this that you your we our
they he she i my me not no yes can will would could should do does did have has had what when where why how which who
order orders ship shipping shipped delivery deliver days day week weeks return returns refund refunds pay payment
price prices tea teas green black shop store help please thank thanks hello hi sorry question answer customer service
time long take takes open close help human agent person talk contact email phone card account password login sign
once upon there little girl boy big small happy sad friend friends play played went saw said one two three`
  .split(/\s+/)
  .filter(Boolean);

export function testTokenizer() {
  const tokens = ["<unk>", "<s>", "</s>"];
  const types = [2, 3, 3]; // unknown, control, control
  const scores = [0, 0, 0];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(6); // byte
    scores.push(0);
  }
  const seen = new Set(tokens);
  const add = (piece) => {
    if (seen.has(piece)) return;
    seen.add(piece);
    tokens.push(piece);
    types.push(1);
    // longer pieces win: SentencePiece merges the adjacent pair whose result scores highest first
    scores.push([...piece].length - tokens.length * 1e-4);
  };
  add("\u2581");
  for (let c = 0x21; c < 0x7f; c++) add(String.fromCharCode(c));
  for (const w of WORDS) for (let i = 1; i <= w.length; i++) add(`\u2581${w.slice(0, i)}`);
  const arr = (elementType) => ({ type: T.ARRAY, elementType });
  const kv = {
    "tokenizer.ggml.model": "llama",
    "tokenizer.ggml.tokens": tokens,
    "tokenizer.ggml.scores": scores,
    "tokenizer.ggml.token_type": types,
    "tokenizer.ggml.bos_token_id": 1,
    "tokenizer.ggml.eos_token_id": 2,
    "tokenizer.ggml.unknown_token_id": 0,
    "tokenizer.ggml.add_bos_token": true,
    "tokenizer.ggml.add_eos_token": false,
  };
  const typesOf = {
    "tokenizer.ggml.model": { type: T.STRING },
    "tokenizer.ggml.tokens": arr(T.STRING),
    "tokenizer.ggml.scores": arr(T.F32),
    "tokenizer.ggml.token_type": arr(T.I32),
    "tokenizer.ggml.bos_token_id": { type: T.U32 },
    "tokenizer.ggml.eos_token_id": { type: T.U32 },
    "tokenizer.ggml.unknown_token_id": { type: T.U32 },
    "tokenizer.ggml.add_bos_token": { type: T.BOOL },
    "tokenizer.ggml.add_eos_token": { type: T.BOOL },
  };
  return { kv, types: typesOf };
}
