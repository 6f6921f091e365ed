#!/usr/bin/env bash
# Runs every test of LoRA Lab: unit tests (Surefire), then the end-to-end tests (Failsafe, verify phase).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/ensure-tools.sh"
ensure_debian_packages
ensure_python_packages
# Everything the tests need is installed now: a test that finds a tool missing fails instead of skipping.
export LORALAB_REQUIRE_TOOLS=true
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
export OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-4}"  # OpenBLAS workers sleep at once after a product
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Haswell}"  # see linalg.Lapack: the AVX-512 kernels are wrong
cd "$root"
exec mvn -B -ntp -Dstyle.color=never verify "$@"
