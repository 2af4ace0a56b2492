#!/usr/bin/python3
"""Exports a tiny, randomly initialised Qwen2-architecture causal LM to ONNX in the layout transformers.js
expects (config.json, generation_config.json, tokenizer files, onnx/model.onnx).

It only exists to test the neural encoder's loading and scoring path offline: the weights are random
(fixed seed), so its predictions mean nothing. The architecture and the ONNX interface (input/output
names, KV-cache shapes) follow Hugging Face's Qwen2 exports so that transformers.js loads it as
Qwen2ForCausalLM exactly as it would load onnx-community/Qwen2.5-Coder-0.5B-Instruct.

Usage: /usr/bin/python3 export.py OUT_DIR
"""
import hashlib
import json
import math
import os
import platform
import sys

import onnx
import torch
from torch import nn

CONFIG = {
    "architectures": ["Qwen2ForCausalLM"],
    "model_type": "qwen2",
    "hidden_size": 16,
    "intermediate_size": 32,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "vocab_size": 151936,
    "max_position_embeddings": 32768,
    "rms_norm_eps": 1e-6,
    "rope_theta": 1000000.0,
    "hidden_act": "silu",
    "tie_word_embeddings": True,
    "bos_token_id": 151643,
    "eos_token_id": 151643,
    "torch_dtype": "float32",
    "use_cache": True,
}
SEED = 20260201
OPSET = 14


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        variance = x.pow(2).mean(-1, keepdim=True)
        return self.weight * (x * torch.rsqrt(variance + self.eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads = c["num_attention_heads"]
        self.kv_heads = c["num_key_value_heads"]
        self.head_dim = c["hidden_size"] // self.heads
        h = c["hidden_size"]
        self.q_proj = nn.Linear(h, self.heads * self.head_dim, bias=True)
        self.k_proj = nn.Linear(h, self.kv_heads * self.head_dim, bias=True)
        self.v_proj = nn.Linear(h, self.kv_heads * self.head_dim, bias=True)
        self.o_proj = nn.Linear(self.heads * self.head_dim, h, bias=False)

    def repeat_kv(self, x):
        # repeat_interleave exports with fixed shapes and breaks in ORT: unsqueeze/expand/reshape instead.
        b, kv, t, d = x.shape
        rep = self.heads // self.kv_heads
        return x.unsqueeze(2).expand(b, kv, rep, t, d).reshape(b, kv * rep, t, d)

    def forward(self, x, cos, sin, mask, past_k, past_v):
        b, t, _ = x.shape
        q = self.q_proj(x).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = torch.cat([past_k, k], dim=2)
        v = torch.cat([past_v, v], dim=2)
        scores = torch.matmul(q, self.repeat_kv(k).transpose(2, 3)) / math.sqrt(self.head_dim) + mask
        probs = torch.softmax(scores, dim=-1)
        out = torch.matmul(probs, self.repeat_kv(v)).transpose(1, 2).reshape(b, t, self.heads * self.head_dim)
        return self.o_proj(out), k, v


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden_size"]
        self.input_layernorm = RMSNorm(h, c["rms_norm_eps"])
        self.self_attn = Attention(c)
        self.post_attention_layernorm = RMSNorm(h, c["rms_norm_eps"])
        self.gate_proj = nn.Linear(h, c["intermediate_size"], bias=False)
        self.up_proj = nn.Linear(h, c["intermediate_size"], bias=False)
        self.down_proj = nn.Linear(c["intermediate_size"], h, bias=False)

    def forward(self, x, cos, sin, mask, past_k, past_v):
        a, k, v = self.self_attn(self.input_layernorm(x), cos, sin, mask, past_k, past_v)
        x = x + a
        y = self.post_attention_layernorm(x)
        x = x + self.down_proj(nn.functional.silu(self.gate_proj(y)) * self.up_proj(y))
        return x, k, v


class Qwen2(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.embed_tokens = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.layers = nn.ModuleList([Layer(c) for _ in range(c["num_hidden_layers"])])
        self.norm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        head_dim = c["hidden_size"] // c["num_attention_heads"]
        inv_freq = 1.0 / (c["rope_theta"] ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, input_ids, attention_mask, position_ids, *past):
        x = self.embed_tokens(input_ids)
        t = input_ids.shape[1]
        past_len = past[0].shape[2]
        total = past_len + t
        freqs = position_ids.unsqueeze(-1).to(torch.float32) * self.inv_freq
        emb = torch.cat((freqs, freqs), dim=-1)
        cos = emb.cos().unsqueeze(1)
        sin = emb.sin().unsqueeze(1)
        # Causal mask over [past + current] keys, combined with the padding mask; a large finite negative
        # instead of -inf so a fully masked row gives a uniform distribution rather than NaN.
        q_pos = torch.arange(t).unsqueeze(1) + past_len
        k_pos = torch.arange(total).unsqueeze(0)
        allowed = (k_pos <= q_pos).unsqueeze(0).unsqueeze(0) & (attention_mask[:, None, None, :] > 0)
        mask = (1.0 - allowed.to(torch.float32)) * -1e9
        presents = []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, cos, sin, mask, past[2 * i], past[2 * i + 1])
            presents += [k, v]
        logits = torch.matmul(self.norm(x), self.embed_tokens.weight.t())
        return (logits, *presents)


def init_weights(model):
    g = torch.Generator().manual_seed(SEED)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight") or "layernorm" in name:
                continue  # RMSNorm gains stay at 1
            # Larger embedding scale than a real init so the random model's distributions are far from
            # uniform: tests then see varied surprisal and entropy values, not a constant log2(vocab).
            std = 0.5 if name == "embed_tokens.weight" else 0.3
            p.copy_(torch.randn(p.shape, generator=g) * std)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    torch.manual_seed(SEED)
    model = Qwen2(CONFIG).eval()
    init_weights(model)

    layers = CONFIG["num_hidden_layers"]
    kv = CONFIG["num_key_value_heads"]
    head_dim = CONFIG["hidden_size"] // CONFIG["num_attention_heads"]
    ids = torch.tensor([[9707, 11, 1879, 0, 220]], dtype=torch.int64)
    past_len = 3
    past = [torch.randn(1, kv, past_len, head_dim, generator=torch.Generator().manual_seed(1)) for _ in range(2 * layers)]
    mask = torch.ones(1, past_len + ids.shape[1], dtype=torch.int64)
    pos = torch.arange(past_len, past_len + ids.shape[1]).unsqueeze(0)

    past_names = [f"past_key_values.{i}.{kind}" for i in range(layers) for kind in ("key", "value")]
    present_names = [f"present.{i}.{kind}" for i in range(layers) for kind in ("key", "value")]
    dynamic = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
    }
    for n in past_names:
        dynamic[n] = {0: "batch_size", 2: "past_sequence_length"}
    for n in present_names:
        dynamic[n] = {0: "batch_size", 2: "total_sequence_length"}

    path = os.path.join(out, "onnx", "model.onnx")
    torch.onnx.export(
        model,
        (ids, mask, pos, *past),
        path,
        input_names=["input_ids", "attention_mask", "position_ids", *past_names],
        output_names=["logits", *present_names],
        dynamic_axes=dynamic,
        opset_version=OPSET,
        do_constant_folding=False,
    )
    onnx.checker.check_model(onnx.load(path))

    # Reference scores for a check from Node, in float64 from an empty cache. The sequence starts with
    # <|endoftext|>, the start token the encoder puts before every sequence it scores.
    ref_ids = [CONFIG["bos_token_id"], 9707, 11, 1879, 0, 220, 1, 2, 3]
    with torch.no_grad():
        empty = [torch.zeros(1, kv, 0, head_dim) for _ in range(2 * layers)]
        r = torch.tensor([ref_ids])
        logits = model(r, torch.ones_like(r), torch.arange(len(ref_ids)).unsqueeze(0), *empty)[0][0]
        logp = torch.log_softmax(logits.double(), dim=-1)
        surprisal = [float(-logp[i, ref_ids[i + 1]] / math.log(2)) for i in range(len(ref_ids) - 1)]
        entropy = [float(-(logp[i].exp() * logp[i]).sum() / math.log(2)) for i in range(len(ref_ids))]

    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(CONFIG, f, indent=2)
        f.write("\n")
    with open(os.path.join(out, "generation_config.json"), "w") as f:
        json.dump({"bos_token_id": 151643, "eos_token_id": 151643, "do_sample": False}, f, indent=2)
        f.write("\n")
    build = {
        "seed": SEED,
        "opset": OPSET,
        "parameters": sum(p.numel() for p in model.parameters()),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "onnx": onnx.__version__,
        "modelSha256": sha256(path),
        "modelBytes": os.path.getsize(path),
        "reference": {"ids": ref_ids, "surprisalBits": surprisal, "entropyBits": entropy},
    }
    with open(os.path.join(out, "build-python.json"), "w") as f:
        json.dump(build, f, indent=2)
        f.write("\n")
    print(json.dumps({k: v for k, v in build.items() if k != "reference"}))


if __name__ == "__main__":
    main()
