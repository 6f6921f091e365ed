#!/bin/sh
# Build step (Maven's generate-resources): puts plotly.js, the basic bundle that the interactive charts of
# report.html need, into the toolkit's classes, from the npm registry. Never at run time: reports inline the
# copy inside the jar. The bytes are pinned by their SHA-256, so every build writes the same reports.
# Version 2.x because tablesaw-jsplot writes titles as plain strings, which plotly.js 3 dropped.
# Without npm or the registry, the build goes on and reports keep static figures only (a warning says so).
set -eu
version=2.35.3
sha256=7a82316e6da7672955f037ba93e84d9a0174a1e38830c33d63624ffe03b0fcf4
out="$1/org/loralab/report"
file="$out/plotly-basic.min.js"
if [ -f "$file" ] && echo "$sha256  $file" | sha256sum -c --status 2>/dev/null; then
  exit 0
fi
warn() { echo "[WARNING] plotly.js not bundled ($1): report.html will have static figures only" >&2; exit 0; }
command -v npm >/dev/null 2>&1 || warn "npm not found; apt-get install npm"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent --prefer-offline "plotly.js-basic-dist-min@$version" >/dev/null 2>&1) \
  || warn "npm pack plotly.js-basic-dist-min@$version failed"
tar xzf "$tmp/plotly.js-basic-dist-min-$version.tgz" -C "$tmp" package/plotly-basic.min.js
echo "$sha256  $tmp/package/plotly-basic.min.js" | sha256sum -c --status || warn "unexpected SHA-256 of the npm package"
mkdir -p "$out"
mv "$tmp/package/plotly-basic.min.js" "$file"
