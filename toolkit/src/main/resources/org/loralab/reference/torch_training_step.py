"""The PyTorch side of `loralab bench charlm` and `loralab bench step`: the same model, batch and optimizer, timed.

    python3 torch_training_step.py info
    python3 torch_training_step.py MODEL.safetensors THREADS

MODEL holds the initial weights (F32, LoRA Lab's module names), the LoRA factors (NAME.lora_A.weight,
NAME.lora_B.weight), the batch ("inputs", "targets") and, in the metadata "bench", a JSON description of the
model. The models are written here from the architecture's definition with torch.nn building blocks, as a
researcher would write them (nanoGPT's attention, loralib's LoRA layer), never from LoRA Lab's code.

After loading, the script prints one JSON line and then answers commands on stdin, one per line:
"full N" or "lora N" runs N Adam steps of that model and prints {"millis": [...], "first": loss, "last": loss}
(the losses of the first and last of those steps);
"quit" ends. Each step is timed from zero_grad to optimizer.step, as LoRA Lab's Trainer.step.
"""
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_safetensors(path):
    """The tensors (all F32, as LoRA Lab writes them here) and the "bench" metadata, decoded from JSON."""
    blob = open(path, "rb").read()
    size = int.from_bytes(blob[:8], "little")
    header = json.loads(blob[8:8 + size])
    description = json.loads(header.pop("__metadata__")["bench"])
    if any(info["dtype"] != "F32" for info in header.values()):
        raise SystemExit(f"{path}: expected F32 tensors only")
    values = np.frombuffer(blob, dtype="<f4", offset=8 + size)
    tensors = {name: torch.from_numpy(values[info["data_offsets"][0] // 4:info["data_offsets"][1] // 4]
                                      .reshape(info["shape"]).copy()) for name, info in header.items()}
    return tensors, description


class LoraLinear(nn.Module):
    """loralib's layer: the frozen base plus scaling * x A^T B^T, A (r, in), B (out, r)."""

    def __init__(self, base, a, b, scaling):
        super().__init__()
        self.base = base
        self.base.requires_grad_(False)
        self.lora_A = nn.Parameter(a)
        self.lora_B = nn.Parameter(b)
        self.scaling = scaling

    def forward(self, x):
        return self.base(x) + (x @ self.lora_A.t() @ self.lora_B.t()) * self.scaling


class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.q_proj, self.k_proj, self.v_proj, self.o_proj = (nn.Linear(width, width) for _ in range(4))

    def forward(self, x, causal):
        s, l, c = x.shape
        q, k, v = (p(x).view(s, l, self.heads, c // self.heads).transpose(1, 2)
                   for p in (self.q_proj, self.k_proj, self.v_proj))
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(c // self.heads))
        weights = F.softmax(scores.masked_fill(causal, float("-inf")), dim=-1)
        return self.o_proj((weights @ v).transpose(1, 2).reshape(s, l, c))


class Mlp(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self, width, heads, hidden):
        super().__init__()
        self.input_layernorm = nn.LayerNorm(width)
        self.self_attn = Attention(width, heads)
        self.post_attention_layernorm = nn.LayerNorm(width)
        self.mlp = Mlp(width, hidden)

    def forward(self, x, causal):
        x = x + self.self_attn(self.input_layernorm(x), causal)
        return x + self.mlp(self.post_attention_layernorm(x))


class Transformer(nn.Module):
    """GPT-2's pre-norm decoder with learned positions, tanh GELU, a final LayerNorm and a biased lm_head."""

    def __init__(self, c):
        super().__init__()
        self.embed_tokens = nn.Embedding(c["vocab"], c["width"])
        self.embed_positions = nn.Embedding(c["context"], c["width"])
        self.layers = nn.ModuleList(Block(c["width"], c["heads"], c["hidden"]) for _ in range(c["layers"]))
        self.norm = nn.LayerNorm(c["width"])
        self.lm_head = nn.Linear(c["width"], c["vocab"])
        length = c["context"]
        self.register_buffer("causal", torch.triu(torch.ones(length, length, dtype=torch.bool), diagonal=1),
                             persistent=False)

    def forward(self, ids):
        s, l = ids.shape
        h = self.embed_tokens(ids) + self.embed_positions(torch.arange(l))
        for block in self.layers:
            h = block(h, self.causal[:l, :l])
        return self.lm_head(self.norm(h)).reshape(s * l, -1)


class TanhMlp(nn.Module):
    """d -> d -> d with tanh between, modules "layers.0" and "head"."""

    def __init__(self, c):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(c["dim"], c["dim"])])
        self.head = nn.Linear(c["dim"], c["dim"])

    def forward(self, x):
        return self.head(torch.tanh(self.layers[0](x)))


def build(tensors, c, with_lora):
    model = Transformer(c) if c["kind"] == "transformer" else TanhMlp(c)
    base = {n: t for n, t in tensors.items() if ".lora_" not in n and n not in ("inputs", "targets")}
    model.load_state_dict(base, strict=True)
    if with_lora:
        model.requires_grad_(False)
        for name in c["targets"]:
            parent_name, _, child = name.rpartition(".")
            parent = model.get_submodule(parent_name) if parent_name else model
            setattr(parent, child, LoraLinear(getattr(parent, child), tensors[name + ".lora_A.weight"].clone(),
                                              tensors[name + ".lora_B.weight"].clone(), c["scaling"]))
    return model


def main():
    if sys.argv[1:] == ["info"]:
        print(json.dumps({"torch": torch.__version__}))
        return
    torch.set_num_threads(int(sys.argv[2]))
    tensors, c = read_safetensors(sys.argv[1])
    inputs, targets = tensors["inputs"], tensors["targets"]
    if c["kind"] == "transformer":
        inputs, targets = inputs.long(), targets.long().reshape(-1)
        loss_fn = F.cross_entropy
    else:
        loss_fn = F.mse_loss
    runs = {}
    for method in ("full", "lora"):
        model = build(tensors, c, method == "lora")
        optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=c["lr"])
        runs[method] = (model, optimizer)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        model, optimizer = runs[words[0]]
        millis, losses = [], []
        for _ in range(int(words[1])):
            start = time.perf_counter()
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(inputs), targets)
            loss.backward()
            optimizer.step()
            millis.append((time.perf_counter() - start) * 1000)
            losses.append(loss.detach())
        print(json.dumps({"millis": millis, "first": losses[0].item(), "last": losses[-1].item()}), flush=True)


if __name__ == "__main__":
    main()
