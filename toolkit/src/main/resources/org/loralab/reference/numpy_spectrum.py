"""numpy side of LoRA Lab's spectrum checks and benchmark (an independent reference; run by the toolkit).

usage: numpy_spectrum.py info
       numpy_spectrum.py metrics MANIFEST        lines: PATH ROWS COLS DTYPE(float64|float32)
       numpy_spectrum.py time MANIFEST REPEATS   lines: PATH ROWS COLS NAME VECTORS(yes|no)
Matrices are raw little-endian float64, row-major. Prints one JSON object per matrix (metrics: its rank metrics by column name).
"""
import json
import sys
import time

import numpy as np


def load(path, rows, cols):
    return np.fromfile(path, dtype="<f8").reshape(rows, cols)


def metrics(s, rows, cols, eps):
    """The rank metrics of docs/metrics.md, written from the definitions (not from the Java code)."""
    s = np.asarray(s, dtype=np.float64)
    if s.size == 0 or s[0] == 0:
        return {k: 0 for k in ("frobenius", "spectral_norm", "nuclear_norm", "stable_rank", "entropy_rank",
                               "participation_ratio", "energy_rank_90", "energy_rank_95", "energy_rank_99",
                               "numerical_rank")}
    e = np.sum(s ** 2)
    p = s / np.sum(s)
    p = p[p > 0]
    cumulative = np.cumsum(s ** 2)

    def energy_rank(t):
        return int(np.searchsorted(cumulative, t * e, side="left") + 1)

    return {
        "frobenius": float(np.sqrt(e)),
        "spectral_norm": float(s[0]),
        "nuclear_norm": float(np.sum(s)),
        "stable_rank": float(e / s[0] ** 2),
        "entropy_rank": float(np.exp(-np.sum(p * np.log(p)))),
        "participation_ratio": float(e ** 2 / np.sum(s ** 4)),
        "energy_rank_90": energy_rank(0.90),
        "energy_rank_95": energy_rank(0.95),
        "energy_rank_99": energy_rank(0.99),
        "numerical_rank": int(np.sum(s > max(rows, cols) * eps * s[0])),
    }


def manifest(path):
    with open(path) as f:
        return [line.split() for line in f if line.strip()]


def main(argv):
    if argv[1] == "info":
        blas = ""
        try:
            config = np.show_config(mode="dicts")
            blas = "%s %s" % (config["Build Dependencies"]["blas"]["name"], config["Build Dependencies"]["blas"].get("version", ""))
        except Exception:  # numpy < 1.26 has no dict mode
            blas = "unknown BLAS"
        print(json.dumps({"numpy": np.__version__, "blas": blas.strip()}))
    elif argv[1] == "metrics":
        for path, rows, cols, dtype in manifest(argv[2]):
            rows, cols = int(rows), int(cols)
            m = load(path, rows, cols).astype(dtype)
            s = np.linalg.svd(m, compute_uv=False)
            print(json.dumps({"path": path, "singular_values": [float(v) for v in s],
                              "metrics": metrics(s, rows, cols, float(np.finfo(dtype).eps))}))
    elif argv[1] == "time":
        repeats = int(argv[3])
        for path, rows, cols, name, with_vectors in manifest(argv[2]):
            m = load(path, int(rows), int(cols))
            values, vectors = [], []
            for _ in range(repeats):
                t = time.perf_counter()
                np.linalg.svd(m, compute_uv=False)
                values.append(1e3 * (time.perf_counter() - t))
            for _ in range(repeats if with_vectors == "yes" else 0):
                t = time.perf_counter()
                np.linalg.svd(m, full_matrices=False)
                vectors.append(1e3 * (time.perf_counter() - t))
            print(json.dumps({"name": name, "values_ms": values, "vectors_ms": vectors}))
    else:
        raise SystemExit("unknown mode " + argv[1])


if __name__ == "__main__":
    main(sys.argv)
