"""numpy's answers about safetensors checkpoints, written from the definitions (never from the toolkit's code).

  extract BASE TUNED MERGED RULE   per 2-D tensor: dW = tuned - base in float64, numpy's SVD, k by RULE ("rank:R", or
                                   "energy:T": the smallest k whose sigma^2 reach T of the total, at least 1); prints
                                   max |merged - (base + U_k S_k V_k^T)|, max |base|, k and the top k singular values
  spectrum BASE TUNED              per 2-D tensor: every singular value of dW, numerical rank with the stored type's
                                   epsilon (sigma_i > max(d, k) eps sigma_1) and energy_rank_90
Output: one JSON object by tensor name.
"""
import json
import sys
import numpy as np

EPSILON = {"F64": 2.0 ** -52, "F32": 2.0 ** -23, "F16": 2.0 ** -10, "BF16": 2.0 ** -7}


def read(path):
    """Every tensor of a single-file checkpoint as float64, with its stored type."""
    raw = open(path, "rb").read()
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        a, b = t["data_offsets"]
        data = raw[8 + n + a:8 + n + b]
        if t["dtype"] == "BF16":  # the top 16 bits of a float32
            values = (np.frombuffer(data, dtype="<u2").astype(np.uint32) << 16).view("<f4")
        else:
            values = np.frombuffer(data, dtype={"F64": "<f8", "F32": "<f4", "F16": "<f2"}[t["dtype"]])
        out[name] = (values.astype(np.float64).reshape(t["shape"]), t["dtype"])
    return out


def energy_rank(s, share):
    return max(1, int(np.argmax(np.cumsum(s ** 2) >= share * np.sum(s ** 2))) + 1)


def extract(base, tuned, merged, rule):
    kind, value = rule.split(":")
    result = {}
    for name, (w, _) in base.items():
        if w.ndim != 2:
            continue
        u, s, vt = np.linalg.svd(tuned[name][0] - w)
        k = min(int(value), len(s)) if kind == "rank" else energy_rank(s, float(value))
        expected = w + (u[:, :k] * s[:k]) @ vt[:k]
        result[name] = [float(np.max(np.abs(merged[name][0] - expected))), float(np.max(np.abs(w))), k, s[:k].tolist()]
    return result


def spectrum(base, tuned):
    result = {}
    for name, (w, dtype) in base.items():
        if w.ndim != 2:
            continue
        s = np.linalg.svd(tuned[name][0] - w, compute_uv=False)
        rank = int(np.sum(s > max(w.shape) * EPSILON[dtype] * s[0]))
        result[name] = {"sigma": s.tolist(), "numerical_rank": rank, "energy_rank_90": energy_rank(s, 0.9)}
    return result


def main():
    command, paths = sys.argv[1], sys.argv[2:]
    if command == "extract":
        print(json.dumps(extract(read(paths[0]), read(paths[1]), read(paths[2]), paths[3])))
    else:
        print(json.dumps(spectrum(read(paths[0]), read(paths[1]))))


if __name__ == "__main__":
    main()
