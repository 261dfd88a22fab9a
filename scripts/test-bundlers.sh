#!/usr/bin/env bash
# The package as bundlers, type checkers, test runners and package linters
# see it (tests/bundlers/): Lambda bundles by esbuild (CommonJS and ESM),
# webpack and bun build run alone in an empty directory; vite, esbuild (iife,
# and --conditions=worker in a Web Worker), webpack, rollup, bun and Parcel
# pages run in headless Chromium; one copy in a browser bundle that both
# imports and requires the package; Jest in its node and jsdom environments;
# initSync; attw, publint; tsc on a .cts consumer, an ESM one and a Worker
# one. Needs pkg/ built (`make build`), the root devDependencies and
# /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
for built in pkg/dist/node.cjs pkg/dist/browser.mjs pkg/wasm/sign.wasm; do
  [ -f "$built" ] || { echo "test-bundlers: $built is missing; run make build" >&2; exit 1; }
done
for tool in vite webpack rollup @rollup/plugin-node-resolve parcel jest jest-environment-jsdom @arethetypeswrong/cli publint playwright-core; do
  [ -d "node_modules/$tool" ] || { echo "test-bundlers: node_modules/$tool is missing; run npm ci" >&2; exit 1; }
done
node --test --test-reporter=spec --test-timeout=300000 tests/bundlers/
