#!/usr/bin/env bash
# Rebuilds the site's plotly.js: site_src/vendor/plotly-custom.min.js and the record of
# what it is, site_src/vendor/plotly-custom.json (plotly.js and esbuild versions, trace
# types, sha256, gzip -9 size). Both files are committed; the site build only copies the
# bundle (generator/charts.py, plotly_asset), so building the site needs no node.
#
# Needs node and npm (the npm registry). Installs exactly scripts/plotly-bundle's
# package-lock.json (npm ci, no install scripts) in a temporary folder, then bundles
# scripts/plotly-bundle/index.js with esbuild (scripts/plotly-bundle/build.mjs).
# Same lock, same bundle, byte for byte.
#
# Changing plotly.js (the Python `plotly` package moved to another plotly.js: the
# version must be the one `plotly.offline.get_plotlyjs_version()` gives, see
# tests/test_plotly_bundle.py) or adding a trace type (index.js):
#   cd scripts/plotly-bundle && npm install --package-lock-only --save-exact plotly.js@X.Y.Z
#   scripts/build-plotly-bundle.sh && python -m tests.regen_golden
set -euo pipefail
cd "$(dirname "$0")/.."

src=scripts/plotly-bundle
out=site_src/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp "$src/package.json" "$src/package-lock.json" "$src/index.js" "$src/build.mjs" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
mkdir -p "$out"
node "$work/build.mjs" "$work/index.js" "$work/plotly-custom.min.js" "$work/plotly-custom.json" \
  >/dev/null
cp "$work/plotly-custom.min.js" "$work/plotly-custom.json" "$out/"

expected=$(python -c 'from plotly.offline import get_plotlyjs_version as v; print(v())' \
  2>/dev/null || echo "?")
built=$(node -p 'require(process.argv[1])["plotly.js"]' "$PWD/$out/plotly-custom.json")
echo "wrote $out/plotly-custom.min.js: plotly.js $built" \
  "($(wc -c <"$out/plotly-custom.min.js") bytes, $(gzip -9 -n -c "$out/plotly-custom.min.js" | wc -c) gzip -9)"
if [ "$expected" != "?" ] && [ "$expected" != "$built" ]; then
  echo "warning: the Python plotly package expects plotly.js $expected" >&2
fi
