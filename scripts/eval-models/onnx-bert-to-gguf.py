# Converts a BERT sentence-embedding model exported to ONNX (Hugging Face optimum/transformers.js layout, as shipped
# in langchain4j's embedding jars) and its tokenizer.json into a llama.cpp "bert" GGUF with CLS pooling, which
# node-llama-cpp loads as an embedding model. Used by scripts/eval-models.mjs; needs the `onnx`, `numpy` and `gguf`
# packages (installed by that script into a venv of its own).
#
#   python onnx-bert-to-gguf.py model.onnx tokenizer.json out.gguf "name" [cls|mean]
import json
import re
import sys

import gguf
import numpy as np
import onnx
from onnx import numpy_helper

onnx_path, tokenizer_path, out_path, name = sys.argv[1:5]
pooling = sys.argv[5] if len(sys.argv) > 5 else "cls"

model = onnx.load(onnx_path)
weights = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}

# The dense layers' weights are anonymous initializers (onnx::MatMul_123); the MatMul node that reads each one is
# named after its module (/encoder/layer.0/attention/self/query/MatMul), which gives it back its place.
for node in model.graph.node:
    if node.op_type == "MatMul" and len(node.input) == 2 and node.input[1] in weights:
        m = re.match(r"^/(.+)/MatMul$", node.name)
        if not m:
            sys.exit(f"unexpected MatMul node name {node.name!r}")
        module = m.group(1).replace("/", ".").replace("layer.", "layer.")
        # x @ W with W as [in, out]: GGUF wants PyTorch's [out, in]
        weights[f"{module}.weight"] = weights.pop(node.input[1]).T

hidden = weights["embeddings.word_embeddings.weight"].shape[1]
layers = 1 + max(int(k.split(".")[2]) for k in weights if k.startswith("encoder.layer."))
ff = weights["encoder.layer.0.intermediate.dense.bias"].shape[0]
ctx = weights["embeddings.position_embeddings.weight"].shape[0]
heads = max(1, hidden // 64)

tok = json.load(open(tokenizer_path, encoding="utf8"))
vocab = sorted(tok["model"]["vocab"].items(), key=lambda kv: kv[1])
if [i for _, i in vocab] != list(range(len(vocab))):
    sys.exit("tokenizer vocabulary ids are not contiguous")
special = {t["content"]: t["id"] for t in tok.get("added_tokens", [])}


def phantom(t: str) -> str:
    # llama.cpp's WordPiece marks the start of a word with U+2581 and continuations bare
    if t.startswith("[") and t.endswith("]"):
        return t
    return t[2:] if t.startswith("##") else "\u2581" + t


tokens = [phantom(t) for t, _ in vocab]
types = [gguf.TokenType.CONTROL if t in special else gguf.TokenType.NORMAL for t, _ in vocab]
unk = special.get("[UNK]", 100)
types[unk] = gguf.TokenType.UNKNOWN

w = gguf.GGUFWriter(out_path, "bert")
w.add_name(name)
w.add_context_length(ctx)
w.add_embedding_length(hidden)
w.add_feed_forward_length(ff)
w.add_block_count(layers)
w.add_head_count(heads)
w.add_layer_norm_eps(1e-12)
w.add_causal_attention(False)
w.add_pooling_type(gguf.PoolingType.CLS if pooling == "cls" else gguf.PoolingType.MEAN)
w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
w.add_tokenizer_model("bert")
w.add_token_list(tokens)
w.add_token_types(types)
w.add_token_type_count(weights["embeddings.token_type_embeddings.weight"].shape[0])
w.add_bos_token_id(special.get("[CLS]", 101))
w.add_eos_token_id(special.get("[SEP]", 102))
w.add_unk_token_id(unk)
w.add_sep_token_id(special.get("[SEP]", 102))
w.add_pad_token_id(special.get("[PAD]", 0))
w.add_mask_token_id(special.get("[MASK]", 103))
w.add_add_bos_token(True)
w.add_add_eos_token(True)

names = {
    "embeddings.word_embeddings.weight": "token_embd.weight",
    "embeddings.token_type_embeddings.weight": "token_types.weight",
    "embeddings.position_embeddings.weight": "position_embd.weight",
    "embeddings.LayerNorm.weight": "token_embd_norm.weight",
    "embeddings.LayerNorm.bias": "token_embd_norm.bias",
}
per_layer = {
    "attention.self.query": "attn_q",
    "attention.self.key": "attn_k",
    "attention.self.value": "attn_v",
    "attention.output.dense": "attn_output",
    "attention.output.LayerNorm": "attn_output_norm",
    "intermediate.dense": "ffn_up",
    "output.dense": "ffn_down",
    "output.LayerNorm": "layer_output_norm",
}
count = 0
for key, value in weights.items():
    if key in names:
        target = names[key]
    else:
        m = re.match(r"^encoder\.layer\.(\d+)\.(.+)\.(weight|bias)$", key)
        if not m or m.group(2) not in per_layer:
            if key.startswith("pooler."):
                continue  # the pooler head is not used for sentence embeddings
            sys.exit(f"unmapped tensor {key}")
        target = f"blk.{m.group(1)}.{per_layer[m.group(2)]}.{m.group(3)}"
    data = value.astype(np.float16 if value.ndim == 2 and "token_types" not in target else np.float32)
    w.add_tensor(target, data)
    count += 1

w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()
print(json.dumps({"out": out_path, "tensors": count, "layers": layers, "hidden": hidden, "vocab": len(tokens), "context": int(ctx)}))
