#!/usr/bin/env bash
# The one prepared script for the GPU machine (CUDA 13, PyTorch + PEFT, no Java, no network), run from the
# bundle that scripts/gpu-bundle.sh builds:   bash BUNDLE/run.sh OUT_DIR
#   1. the Java layers against the toolkit's CPU results (check.csv; FP32, TF32, BF16),
#   2. the Java benchmark (loralab-bench.csv), 3. the same measures in PyTorch + PEFT (pytorch-bench.csv,
#   pytorch-check.csv), 4. summary.md joining both. Everything it prints is also in OUT_DIR/run.log.
# With --dry-run (no GPU needed) it runs the same steps on the CPU backend at toy sizes, and PyTorch only if
# it is installed: this is what the tests run. The steps' time limits add up to under 8 minutes.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: run.sh OUT_DIR [--dry-run]}"
mode="${2:-gpu}"
mkdir -p "$out"
java="$here/runtime/bin/java"
[ -x "$java" ] || tar -C "$here" -xzf "$here/runtime.tar.gz"  # the bundle carries the runtime packed
status=0
step() {  # step SECONDS NAME COMMAND...: runs one step under a time limit; a failure is noted, the rest still runs
  local limit="$1" name="$2"; shift 2
  echo "== $name ($(date -u +%H:%M:%S), limit ${limit}s)"
  local start=$SECONDS
  timeout "$limit" "$@"
  local rc=$?
  echo "== $name: exit $rc after $((SECONDS - start)) s"
  [ "$rc" -eq 0 ] || status=1
}

# The driver's libcuda and the CUDA 13 libraries: the driver's and the toolkit's folders, then the ones pip's nvidia-* packages (PyTorch's) carry.
cuda_library_path() {
  local dirs=() d
  for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/local/cuda/lib64 /usr/local/cuda/lib \
           /usr/local/cuda-13*/lib64 /usr/local/cuda-13*/lib; do
    [ -d "$d" ] && dirs+=("$d")
  done
  local site
  site="$(python3 -c 'import nvidia, os; print(os.path.dirname(list(nvidia.__path__)[0]))' 2>/dev/null)"
  if [ -n "$site" ]; then
    while IFS= read -r f; do dirs+=("$(dirname "$f")"); done < <(find "$site/nvidia" \( -name 'libcublas.so.13*' \
      -o -name 'libnvrtc.so.13*' -o -name 'libcudart.so.13*' -o -name 'libcublasLt.so.13*' \) 2>/dev/null)
  fi
  local IFS=:
  echo "${dirs[*]}"
}

main() {
if [ "$mode" = "--dry-run" ]; then
  backend=cpu
  sizes=(--dim 64 --tokens 96 --ranks 4,8 --classes 10 --warmup 1 --iterations 2)
  torch_device=cpu
else
  backend=cuda
  sizes=(--dim 4096 --tokens 8192 --ranks 8,64 --classes 10 --warmup 3 --iterations 10)
  torch_device=cuda
  export LD_LIBRARY_PATH="$(cuda_library_path)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
  command -v nvidia-smi >/dev/null && nvidia-smi > "$out/nvidia-smi.txt" 2>&1
fi

step 45 "java: backend" "$java" -jar "$here/loralab-gpu.jar" info --backend "$backend"
step 90 "java: check against the CPU reference" \
  "$java" -jar "$here/loralab-gpu.jar" check --backend "$backend" --reference "$here/reference" --out "$out"
step 180 "java: benchmark" "$java" -jar "$here/loralab-gpu.jar" bench --backend "$backend" "${sizes[@]}" --out "$out"
if [ "$mode" != "--dry-run" ] || python3 -c 'import torch, peft' 2>/dev/null; then
  step 150 "pytorch + peft: check and benchmark" python3 "$here/peft_bench.py" --device "$torch_device" \
    --reference "$here/reference" --out "$out" --loralab "$out/loralab-bench.csv" "${sizes[@]}"
else
  echo "== pytorch + peft: not installed here; compiling the script and summarising the Java side only"
  step 30 "python: compile" python3 -m py_compile "$here/peft_bench.py"
  step 30 "python: summary" python3 "$here/peft_bench.py" --summarize-only --loralab "$out/loralab-bench.csv" --out "$out"
fi
echo "== done: status $status"
return "$status"
}

main 2>&1 | tee "$out/run.log"
exit "${PIPESTATUS[0]}"
