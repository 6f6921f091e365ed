#!/usr/bin/env python3
"""PyTorch + PEFT side of the LoRA Lab GPU benchmark (run by run.sh on the GPU machine).

Measures the same things as `loralab-gpu bench`, with the same names and sizes, on the same GPU:
the GEMM of the layer's shape, a LoRA layer's forward + backward (dx, dA, dB), one training step of the
layer (full fine-tuning and LoRA, Adam), the merged layer's forward, and an MLP d -> d -> d -> classes step.
It also checks PEFT's LoRA layer against the toolkit's CPU reference (pytorch-check.csv), so that the
reference itself is confirmed by an independent implementation, and writes summary.md joining both sides.
Timing: median of the iterations, each followed by torch.cuda.synchronize(), as the Java side does.
"""
import argparse
import csv
import os
import statistics
import sys
import time

PRECISIONS = ("fp32", "tf32", "bf16")
LAYER_TOLERANCE = {"fp32": 1e-5, "tf32": 2e-3, "bf16": 2e-2}  # as loralab-gpu check (ReferenceCheck)


def flops(measure, r, n, d, classes):
    """Floating-point operations of one call, counted as the Java benchmark counts them."""
    nd2 = 2.0 * n * d * d
    g, h = nd2, 2.0 * n * d * classes
    return {
        "gemm": nd2,
        "layer_full_step": 3 * nd2,
        "lora_forward_backward": 2 * nd2 + 6.0 * n * r * 2 * d,
        "layer_lora_step": 2 * nd2 + 6.0 * n * r * 2 * d,
        "merged_forward": nd2,
        "mlp_full_step": 5 * g + 3 * h,
        "mlp_lora_step": 3 * g + 2 * h + 2 * 6.0 * n * r * 2 * d - 2.0 * n * r * d,
    }[measure]


def set_precision(torch, p):
    """fp32: IEEE float32 products; tf32: tensor cores with TF32 inputs; bf16: bfloat16 tensors."""
    matmul = torch.backends.cuda.matmul
    if hasattr(matmul, "fp32_precision"):  # torch >= 2.9
        matmul.fp32_precision = "tf32" if p == "tf32" else "ieee"
    else:
        matmul.allow_tf32 = p == "tf32"
    return torch.bfloat16 if p == "bf16" else torch.float32


class Timer:
    def __init__(self, torch, device, warmup, iterations):
        self.torch, self.device, self.warmup, self.iterations = torch, device, warmup, iterations

    def sync(self):
        if self.device == "cuda":
            self.torch.cuda.synchronize()

    def median_ms(self, fn):
        for _ in range(self.warmup):
            fn()
        self.sync()
        times = []
        for _ in range(self.iterations):
            start = time.perf_counter()
            fn()
            self.sync()
            times.append((time.perf_counter() - start) * 1e3)
        return statistics.median(times)


def lora_layer(torch, nn, d_in, d_out, r, device, dtype):
    """A module with one nn.Linear 'proj' wrapped by PEFT (alpha = 2 r: scaling 2, as the Java benchmark)."""
    from peft import LoraConfig, get_peft_model

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.proj = nn.Linear(d_in, d_out)

        def forward(self, x):
            return self.proj(x)

    net = Net().to(device=device, dtype=dtype)
    config = LoraConfig(r=r, lora_alpha=2 * r, target_modules=["proj"], lora_dropout=0.0, bias="none",
                        init_lora_weights=False)  # B not zero, as on the Java side
    model = get_peft_model(net, config)
    return model, net


def check(torch, nn, reference, device):
    """PEFT's LoRA layer on the reference inputs, against the toolkit's float64 results."""
    from safetensors.torch import load_file
    ref = load_file(os.path.join(reference, "lora-linear.safetensors"))
    rows = []
    for p in PRECISIONS:
        try:
            rows.extend(check_precision(torch, nn, ref, p, device))
        except Exception as e:  # noqa: BLE001
            print(f"peft check {p} FAILED: {type(e).__name__}: {e}", flush=True)
            rows.append({"check": "peft_lora_linear", "quantity": "all", "precision": p, "relative_error": "nan",
                         "tolerance": f"{LAYER_TOLERANCE[p]:.1e}", "result": "FAIL"})
    return rows


def check_precision(torch, nn, ref, p, device):
    """One precision's rows of pytorch-check.csv."""
    rows = []
    dtype = set_precision(torch, p)
    out_features, in_features = ref["weight"].shape
    rank = ref["lora_A"].shape[0]
    model, net = lora_layer(torch, nn, in_features, out_features, rank, device, dtype)
    with torch.no_grad():
        net.proj.base_layer.weight.copy_(ref["weight"])
        net.proj.base_layer.bias.copy_(ref["bias"])
        net.proj.lora_A["default"].weight.copy_(ref["lora_A"])
        net.proj.lora_B["default"].weight.copy_(ref["lora_B"])
    x = ref["x"].to(device=device, dtype=dtype).requires_grad_(True)
    dy = ref["grad_output"].to(device=device, dtype=dtype)
    a = net.proj.lora_A["default"].weight
    b = net.proj.lora_B["default"].weight
    y = model(x)
    dx, da, db = torch.autograd.grad(y, [x, a, b], dy)
    for name, got, want in (("output", y, "output"), ("grad_input", dx, "grad_input"),
                            ("grad_lora_A", da, "grad_lora_A"), ("grad_lora_B", db, "grad_lora_B")):
        w = ref[want].double()
        err = (got.detach().double().cpu() - w).norm().item() / w.norm().item()
        rows.append({"check": "peft_lora_linear", "quantity": name, "precision": p, "relative_error": f"{err:.3e}",
                     "tolerance": f"{LAYER_TOLERANCE[p]:.1e}", "result": "pass" if err <= LAYER_TOLERANCE[p] else "FAIL"})
    return rows


def bench(torch, nn, a):
    import torch.nn.functional as F
    timer = Timer(torch, a.device, a.warmup, a.iterations)
    n, d, classes = a.tokens, a.dim, a.classes
    rows = []
    for p in a.precisions.split(","):
        dtype = set_precision(torch, p)
        gen = torch.Generator(device=a.device).manual_seed(42)

        def rand(*shape, scale=1.0):
            return ((torch.rand(*shape, generator=gen, device=a.device) * 2 - 1) * scale).to(dtype)

        x, dy, w = rand(n, d), rand(n, d), rand(d, d, scale=d ** -0.5)
        y = torch.empty(n, d, device=a.device, dtype=dtype)
        gemm_ms = timer.median_ms(lambda: torch.mm(x, w.t(), out=y))
        gemm_rate = flops("gemm", 0, n, d, classes) / gemm_ms / 1e9

        def timed(measure, r, fn):
            """Times fn and records it; a failure is printed and the run goes on (one GPU run must say all it can)."""
            try:
                add(measure, r, timer.median_ms(fn))
            except Exception as e:  # noqa: BLE001
                print(f"  {p:5} {measure:22} r={r:<3} FAILED: {type(e).__name__}: {e}", flush=True)

        def add(measure, r, ms):
            tflops = flops(measure, r, n, d, classes) / ms / 1e9
            rows.append({"implementation": "pytorch-peft", "precision": p, "measure": measure, "rank": r,
                         "ms": f"{ms:.4f}", "tflops": f"{tflops:.2f}", "fraction_of_gemm_rate": f"{tflops / gemm_rate:.3f}"})
            print(f"  {p:5} {measure:22} r={r:<3} {ms:9.3f} ms {tflops:8.2f} TFLOP/s ({100 * tflops / gemm_rate:.0f}% of the GEMM rate)",
                  flush=True)

        add("gemm", 0, gemm_ms)
        xg = x.clone().requires_grad_(True)

        lin = nn.Linear(d, d).to(device=a.device, dtype=dtype)
        opt = torch.optim.Adam(lin.parameters(), lr=1e-4)

        def full_step():
            lin(xg).backward(dy)
            opt.step()
            opt.zero_grad(set_to_none=True)
            xg.grad = None
        timed("layer_full_step", 0, full_step)
        del lin, opt

        for r in a.ranks_list:
            model, net = lora_layer(torch, nn, d, d, r, a.device, dtype)
            params = [q for q in model.parameters() if q.requires_grad]
            timed("lora_forward_backward", r, lambda: torch.autograd.grad(model(xg), [xg] + params, dy))
            lora_opt = torch.optim.Adam(params, lr=1e-4)

            def lora_step():
                model(xg).backward(dy)
                lora_opt.step()
                lora_opt.zero_grad(set_to_none=True)
                xg.grad = None
            timed("layer_lora_step", r, lora_step)
            model.base_model.merge_adapter()
            with torch.no_grad():
                timed("merged_forward", r, lambda: model(x))
            model.base_model.unmerge_adapter()
            del model, net, lora_opt

        labels = torch.randint(0, classes, (n,), generator=gen, device=a.device)

        def mlp():
            return nn.Sequential(nn.Linear(d, d), nn.ReLU(), nn.Linear(d, d), nn.ReLU(),
                                 nn.Linear(d, classes)).to(device=a.device, dtype=dtype)

        def step_of(model, optimizer):
            def step():
                F.cross_entropy(model(x), labels).backward()
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)
            return step

        full = mlp()
        timed("mlp_full_step", 0, step_of(full, torch.optim.Adam(full.parameters(), lr=1e-4)))
        del full
        from peft import LoraConfig, get_peft_model
        for r in a.ranks_list:
            model = get_peft_model(mlp(), LoraConfig(r=r, lora_alpha=2 * r, target_modules=["0", "2"], lora_dropout=0.0,
                                                     bias="none", init_lora_weights=False))
            params = [q for q in model.parameters() if q.requires_grad]
            timed("mlp_lora_step", r, step_of(model, torch.optim.Adam(params, lr=1e-4)))
            del model
        if a.device == "cuda":
            torch.cuda.empty_cache()
    return rows


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path, rows):
    if not rows:
        return
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


def summarize(loralab_rows, torch_rows):
    """Markdown: each measure side by side; ratio > 1 means LoRA Lab is faster."""
    key = lambda row: (row["precision"], row["measure"], int(row["rank"]))
    theirs = {key(r): r for r in torch_rows}
    lines = ["| precision | measure | r | LoRA Lab ms | PyTorch+PEFT ms | PyTorch/LoRA Lab time | LoRA Lab TFLOP/s | "
             "LoRA Lab share of GEMM rate | PEFT share of GEMM rate |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in loralab_rows:
        other = theirs.get(key(row))
        their_ms = f"{float(other['ms']):.3f}" if other else "-"
        ratio = f"{float(other['ms']) / float(row['ms']):.2f}" if other else "-"
        their_share = f"{100 * float(other['fraction_of_gemm_rate']):.0f}%" if other else "-"
        lines.append(f"| {row['precision']} | {row['measure']} | {row['rank']} | {float(row['ms']):.3f} | {their_ms} | "
                     f"{ratio} | {float(row['tflops']):.1f} | {100 * float(row['fraction_of_gemm_rate']):.0f}% | "
                     f"{their_share} |")
    lines.append("")
    for name, rows in (("LoRA Lab", loralab_rows), ("PyTorch+PEFT", torch_rows)):
        by = {key(r): float(r["ms"]) for r in rows}
        for (p, m, r), ms in sorted(by.items()):
            full = by.get((p, m.replace("lora", "full"), 0)) if m in ("layer_lora_step", "mlp_lora_step") else None
            if full:
                lines.append(f"- {name}, {p}: {m} r={r} takes {ms / full:.2f} of the full fine-tuning step's time")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--reference", help="folder of lora-linear.safetensors")
    ap.add_argument("--out", required=True)
    ap.add_argument("--loralab", help="the Java side's loralab-bench.csv, for summary.md")
    ap.add_argument("--summarize-only", action="store_true", help="only write summary.md (no PyTorch needed)")
    ap.add_argument("--precisions", default=",".join(PRECISIONS))
    ap.add_argument("--dim", type=int, default=4096)
    ap.add_argument("--tokens", type=int, default=8192)
    ap.add_argument("--ranks", default="8,64")
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--iterations", type=int, default=10)
    a = ap.parse_args()
    a.ranks_list = [int(r) for r in a.ranks.split(",")]
    os.makedirs(a.out, exist_ok=True)
    torch_rows = []
    torch_csv = os.path.join(a.out, "pytorch-bench.csv")
    if not a.summarize_only:
        import torch
        from torch import nn
        import peft
        print(f"torch {torch.__version__}, peft {peft.__version__}, device {a.device}"
              + (f" ({torch.cuda.get_device_name()})" if a.device == "cuda" else ""), flush=True)
        if a.reference:
            check_rows = check(torch, nn, a.reference, a.device)
            write_csv(os.path.join(a.out, "pytorch-check.csv"), check_rows)
            for row in check_rows:
                print(",".join(str(v) for v in row.values()), flush=True)
        torch_rows = bench(torch, nn, a)
        write_csv(torch_csv, torch_rows)
    elif os.path.exists(torch_csv):
        torch_rows = read_csv(torch_csv)
    if a.loralab and os.path.exists(a.loralab):
        text = summarize(read_csv(a.loralab), torch_rows)
        with open(os.path.join(a.out, "summary.md"), "w") as f:
            f.write(text)
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
