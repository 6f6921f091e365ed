#!/usr/bin/env bash
# Training-step speed of two builds of LoRA Lab side by side, each against PyTorch in the same run: three alternating
# runs of bench charlm (defaults, and width 256 with 4 blocks) and bench step, so that both see the same machine.
#   scripts/bench-before-after.sh BEFORE_CHECKOUT AFTER_CHECKOUT [OUT]   (OUT default: stdout only)
# Each checkout's ./loralab builds its own jar on first use.
set -euo pipefail
before="${1:?usage: bench-before-after.sh BEFORE_CHECKOUT AFTER_CHECKOUT [OUT]}"
after="${2:?usage: bench-before-after.sh BEFORE_CHECKOUT AFTER_CHECKOUT [OUT]}"
out="${3:-/dev/null}"
export OMP_WAIT_POLICY=PASSIVE
{
  echo "# $(date -u +%F) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# before = $(git -C "$before" rev-parse --short HEAD), after = $(git -C "$after" rev-parse --short HEAD)"
  for run in 1 2 3; do
    for who in before after; do
      dir="$before"; [ "$who" = after ] && dir="$after"
      echo "## $who: bench charlm (defaults), run $run"
      "$dir/loralab" bench charlm 2>&1 | grep -E "ms/step|^full|^LoRA|speed vs|ratio"
      echo "## $who: bench charlm --width 256 --layers 4, run $run"
      "$dir/loralab" bench charlm --width 256 --layers 4 --warmup 20 --iterations 10 2>&1 | grep -E "^full|^LoRA|speed vs|ratio"
      echo "## $who: bench step, run $run"
      "$dir/loralab" bench step 2>&1 | grep -E "^full|^LoRA|speed vs|ratio"
    done
  done
} 2>&1 | tee "$out"
