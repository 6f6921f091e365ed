"""PyTorch as an independent oracle for LoRA Lab's tests, in float64 (or float32 where params say "dtype": "float32").

    python3 torch_oracle.py info
    python3 torch_oracle.py IN.safetensors OUT.safetensors

IN holds the inputs as F64 tensors and, in its metadata, "case" (which computation) and "params" (JSON).
OUT receives the results as F64 tensors. Every model here is written from its definition with torch's
own building blocks (nn.functional.linear, layer_norm, gelu, softmax, cross_entropy, autograd,
torch.optim.Adam/AdamW, lr_scheduler.CosineAnnealingLR), never from LoRA Lab's code.
"""
import fnmatch
import json
import math
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_num_threads(2)


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = blob[8 + n:]
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F64":
            raise SystemExit(f"{path}: tensor {name} is {info['dtype']}, expected F64")
        begin, end = info["data_offsets"]
        values = np.frombuffer(data[begin:end], dtype="<f8").reshape(info["shape"])
        tensors[name] = torch.tensor(values.copy())
    return tensors, meta


def write_safetensors(path, tensors):
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        raw = np.ascontiguousarray(t.detach().double().numpy()).astype("<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def declared_scaling(p):
    """LoRA's scaling from the hyperparameters the test declares, by PEFT's rule (alpha / r, or alpha / sqrt(r) with
    use_rslora): the code under test's own scaling is never sent, so a wrong rule there cannot reach both sides."""
    lora = p.get("lora")
    if not lora:
        return 0.0
    return lora["alpha"] / (math.sqrt(lora["r"]) if lora.get("use_rslora") else lora["r"])


def names_module(entry, module):
    """PEFT's rule for target_modules and modules_to_save entries: the whole module name or its end after a dot; an
    entry with '*' is a pattern over the whole name."""
    if "*" in entry:
        return fnmatch.fnmatchcase(module, entry)
    return module == entry or module.endswith("." + entry)


def declared_trainable(t, p):
    """The tensors that train, from the declared settings alone: without "lora" every tensor of the model (full
    fine-tuning); with it, the factors of each target module and the tensors of the modules to save. An adapter on a
    module that target_modules does not name, or a named target without one, is an error: the Java side adapted the
    wrong modules."""
    tensors = [n for n in t if n.endswith((".weight", ".bias"))]
    lora = p.get("lora")
    if lora is None:
        return tensors
    out = []
    for n in tensors:
        if ".lora_A." in n or ".lora_B." in n:
            module = n.rsplit(".lora_", 1)[0]
            if not any(names_module(e, module) for e in lora["target_modules"]):
                raise ValueError(n + ": an adapter on a module target_modules does not name")
            out.append(n)
        else:
            module = n.rsplit(".", 1)[0]
            if n.endswith(".weight") and any(names_module(e, module) for e in lora["target_modules"]) \
                    and module + ".lora_A.weight" not in t:
                raise ValueError(module + ": a target module without an adapter")
            if any(names_module(e, module) for e in lora.get("modules_to_save", [])):
                out.append(n)
    return out


def lora_delta(x, a, b, scaling):
    """PEFT's LoRA path: scaling * (x A^T) B^T, A (r, in), B (out, r)."""
    return scaling * F.linear(F.linear(x, a), b)


def linear_module(t, name, x, scaling):
    """y = x W^T + b, plus the LoRA path when the inputs carry NAME.lora_A.weight / NAME.lora_B.weight."""
    y = F.linear(x, t[name + ".weight"], t[name + ".bias"])
    if name + ".lora_A.weight" in t:
        y = y + lora_delta(x, t[name + ".lora_A.weight"], t[name + ".lora_B.weight"], scaling)
    return y


def grads(t, names):
    return {"grad." + n: t[n].grad for n in names}


def lora_linear(t, p):
    """One LoRA linear layer: output, dL/dx, dL/dA, dL/dB for L = sum(y * grad_output), and the merged weight."""
    x = t["x"].requires_grad_()
    a = t["lora_A"].requires_grad_()
    b = t["lora_B"].requires_grad_()
    s = declared_scaling(p)
    y = F.linear(x, t["weight"], t["bias"]) + lora_delta(x, a, b, s)
    (y * t["grad_output"]).sum().backward()
    return {"output": y, "grad_input": x.grad, "grad_lora_A": a.grad, "grad_lora_B": b.grad,
            "merged_weight": t["weight"] + s * b @ a}


def trainable(t, p):
    """Marks the trainable tensors; first casts every tensor to float32 when the case asks for it (the float32 values
    arrive exactly as float64)."""
    if p.get("dtype") == "float32":
        for name in list(t):
            t[name] = t[name].float()
    names = declared_trainable(t, p)
    for n in names:
        t[n].requires_grad_()
    return names


def mlp_logits(t, p, x):
    h = x
    modules = [f"layers.{i}" for i in range(p["hidden_layers"])] + ["head"]
    for i, name in enumerate(modules):
        h = linear_module(t, name, h, declared_scaling(p))
        if i < len(modules) - 1:
            h = torch.tanh(h) if p["activation"] == "TANH" else torch.relu(h)
    return h


def soft_cross_entropy(logits, targets):
    """torch.nn.CrossEntropyLoss with probability targets (one-hot rows), mean over rows."""
    return -(targets * F.log_softmax(logits, dim=1)).sum(dim=1).mean()


def mlp(t, p):
    names = trainable(t, p)
    logits = mlp_logits(t, p, t["x"])
    loss = soft_cross_entropy(logits, t["targets"])
    loss.backward()
    return {"logits": logits, "loss": loss.reshape(1), **grads(t, names)}


def transformer_logits(t, p, ids):
    """GPT-2's pre-norm decoder: LayerNorm eps 1e-5, GELU (tanh form), causal softmax attention, HF module names."""
    sequences, length = ids.shape
    width, heads, s = p["width"], p["heads"], declared_scaling(p)
    h = t["embed_tokens.weight"][ids] + t["embed_positions.weight"][torch.arange(length)]  # (S, L, C)
    causal = torch.triu(torch.ones(length, length, dtype=torch.bool), diagonal=1)

    def norm(x, name):
        return F.layer_norm(x, (width,), t[name + ".weight"], t[name + ".bias"], eps=1e-5)

    def split(x):  # (S, L, C) -> (S, H, L, C / H)
        return x.view(sequences, length, heads, width // heads).transpose(1, 2)

    for i in range(p["layers"]):
        pre = f"layers.{i}."
        n = norm(h, pre + "input_layernorm")
        q, k, v = (split(linear_module(t, pre + "self_attn." + m, n, s)) for m in ("q_proj", "k_proj", "v_proj"))
        scores = q @ k.transpose(-2, -1) / math.sqrt(width // heads)            # (S, H, L, L)
        attended = torch.softmax(scores.masked_fill(causal, float("-inf")), dim=-1) @ v
        attended = attended.transpose(1, 2).reshape(sequences, length, width)   # (S, L, C)
        h = h + linear_module(t, pre + "self_attn.o_proj", attended, s)
        m = norm(h, pre + "post_attention_layernorm")
        h = h + linear_module(t, pre + "mlp.fc2", F.gelu(linear_module(t, pre + "mlp.fc1", m, s), approximate="tanh"), s)
    return linear_module(t, "lm_head", norm(h, "norm"), s).reshape(sequences * length, -1)


def transformer(t, p):
    names = trainable(t, p)
    ids = t["ids"].long()
    logits = transformer_logits(t, p, ids)
    loss = F.cross_entropy(logits, t["targets"].long().reshape(-1))
    loss.backward()
    return {"logits": logits, "loss": loss.reshape(1), **grads(t, names)}


def adam_steps(t, p):
    """p["steps"] full-batch steps of the MLP (or, with "model": "transformer", the transformer on next-token
    cross-entropy) with torch.optim.Adam or AdamW and an optional cosine schedule."""
    names = trainable(t, p)
    params = [t[n] for n in names]
    kind = torch.optim.AdamW if p["decoupled"] else torch.optim.Adam
    optimizer = kind(params, lr=p["lr"], betas=(p["beta1"], p["beta2"]), eps=p["eps"], weight_decay=p["weight_decay"])
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=p["steps"]) if p["cosine"] else None
    losses = []
    for _ in range(p["steps"]):
        optimizer.zero_grad()
        if p.get("model") == "transformer":
            loss = F.cross_entropy(transformer_logits(t, p, t["ids"].long()), t["targets"].long().reshape(-1))
        else:
            loss = soft_cross_entropy(mlp_logits(t, p, t["x"]), t["targets"])
        loss.backward()
        optimizer.step()
        if schedule is not None:
            schedule.step()
        losses.append(loss.item())
    return {"losses": torch.tensor(losses), **{"final." + n: t[n] for n in names}}


CASES = {"lora_linear": lora_linear, "mlp": mlp, "transformer": transformer, "adam_steps": adam_steps}


def main():
    if sys.argv[1:] == ["info"]:
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}))
        return
    tensors, meta = read_safetensors(sys.argv[1])
    results = CASES[meta["case"]](tensors, json.loads(meta["params"]))
    write_safetensors(sys.argv[2], results)


if __name__ == "__main__":
    main()
