#!/usr/bin/env bash
# Training-step speed of LoRA Lab against PyTorch, same models side by side in one run each (bench charlm, bench step):
# the char-LM at widths 128 and 256 with 2 and 4 blocks, and the MLP step, three runs of each main case.
# Writes everything it prints to reports/bench/charlm-step.txt. Needs python3 with torch for the PyTorch columns.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/reports/bench/charlm-step.txt}"
{
  echo "# $(date -u +%F) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  for run in 1 2 3; do
    echo "## bench charlm (defaults), run $run"
    "$root/loralab" bench charlm
    echo "## bench charlm --width 256 --layers 4, run $run"
    "$root/loralab" bench charlm --width 256 --layers 4 --warmup 20 --iterations 10
    echo "## bench step (defaults), run $run"
    "$root/loralab" bench step
  done
  echo "## bench charlm --width 128 --layers 4"
  "$root/loralab" bench charlm --layers 4 --warmup 20 --iterations 10
  echo "## bench charlm --width 256 --layers 2"
  "$root/loralab" bench charlm --width 256 --warmup 20 --iterations 10
} 2>&1 | tee "$out"
