#!/usr/bin/env bash
# Runs the wasm-bindgen-test suite in one runtime (node | chrome) and fails
# if that runtime executed zero tests: wasm-bindgen-test skips browser-less
# tests in Chrome unless WASM_BINDGEN_USE_BROWSER=1, which is a green run
# that tested nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
runtime=${1:?usage: wasm-test.sh node|chrome}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
case "$runtime" in
  node) env -u WASM_BINDGEN_USE_BROWSER wasm-pack test --node -- --test wasm 2>&1 | tee "$log" ;;
  chrome)
    WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome \
      --chromedriver "$(command -v chromedriver)" -- --test wasm 2>&1 | tee "$log" ;;
  *) echo "unknown runtime $runtime" >&2; exit 2 ;;
esac
passed=$(grep -Eo 'test result: ok\. [0-9]+ passed' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
if [ "$passed" -eq 0 ]; then
  echo "wasm tests in $runtime executed zero tests" >&2
  exit 1
fi
echo "wasm tests in $runtime: $passed passed"
