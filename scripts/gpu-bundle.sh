#!/usr/bin/env bash
# Builds the folder that travels to a GPU machine without Java: a jlink Java 17 runtime (packed: 19 of its 35 MiB),
# loralab-gpu.jar with JavaCPP and its CUDA wrappers, the CPU reference files, run.sh and peft_bench.py. A device
# call carries 64 MiB with the working tree (about 23 MiB), so the bundle must stay under 32 MiB.
#   scripts/gpu-bundle.sh [FOLDER]      (default: .gpu-bundle, ignored by git; the device tool carries it)
# Then on the GPU machine:  bash FOLDER/run.sh OUT_DIR      (here, without a GPU: ... OUT_DIR --dry-run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle="${1:-$root/.gpu-bundle}"
limit_mib=32
jar="$root/gpu/target/loralab-gpu.jar"
if [ ! -f "$jar" ] || [ ! -d "$root/gpu/target/lib" ]; then
  echo "gpu-bundle: building loralab-gpu.jar ..." >&2
  (cd "$root" && mvn -B -q -ntp -pl gpu -am package -DskipTests)
fi
command -v jlink >/dev/null || { echo "error: jlink not found: install openjdk-17-jdk-headless" >&2; exit 2; }

tmp="$(mktemp -d "$(dirname "$bundle")/.gpu-bundle.XXXXXX")"  # built aside, then moved: never half a bundle
trap 'rm -rf "$tmp"' EXIT
jlink --add-modules java.base,java.logging,java.management,jdk.unsupported \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$tmp/runtime"
tar -C "$tmp" -czf "$tmp/runtime.tar.gz" runtime  # run.sh unpacks it on the GPU machine
rm -rf "$tmp/runtime"
cp "$jar" "$tmp/"
cp -r "$root/gpu/target/lib" "$tmp/lib"
cp -r "$root/reports/gpu/reference" "$tmp/reference"
cp "$root/gpu/device/run.sh" "$root/gpu/device/peft_bench.py" "$tmp/"
chmod +x "$tmp/run.sh"

size_kib=$(du -sk "$tmp" | cut -f1)
if [ "$size_kib" -gt $((limit_mib * 1024)) ]; then
  echo "error: the bundle is $((size_kib / 1024)) MiB, over the ${limit_mib} MiB allowed" >&2
  exit 1
fi
rm -rf "$bundle"
mv "$tmp" "$bundle"
trap - EXIT
echo "gpu-bundle: $bundle ($((size_kib / 1024)) MiB)"
