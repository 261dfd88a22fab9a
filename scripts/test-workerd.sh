#!/usr/bin/env bash
# Real-runtime tests for Cloudflare Workers (tests/workerd/): wrangler 4.80.0
# bundles the test Worker and the examples exactly as `wrangler deploy` would
# (`--dry-run --outdir`), and workerd runs the bundles through Miniflare's
# Node API. Needs pkg/ built (`make build`) and the root devDependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
export WRANGLER_SEND_METRICS=false

for built in pkg/dist/workerd.mjs pkg/wasm/sign.wasm pkg/dist/node.cjs; do
  [ -f "$built" ] || { echo "test-workerd: $built is missing; run make build" >&2; exit 1; }
done
for tool in wrangler miniflare; do
  [ -d "node_modules/$tool" ] || { echo "test-workerd: node_modules/$tool is missing; run scripts/setup.sh (npm ci)" >&2; exit 1; }
done

node --test --test-reporter=spec --test-timeout=180000 tests/workerd/worker.test.mjs
