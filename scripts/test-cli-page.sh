#!/usr/bin/env bash
# The command line (tests/node/cli.test.mjs: the real bin as a child process)
# and the token inspector page (tests/browser/inspector.test.mjs: Debian's
# headless Chromium through playwright-core, no browser download).
# Screenshots land in target/test-artifacts/. Needs a built pkg/ (make
# build), Chromium (scripts/setup.sh installs Debian's) and the npm tools
# (npm ci). Pass test files to run only those.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "test-cli-page: $*" >&2; exit 1; }

for built in pkg/dist/cli.cjs pkg/dist/browser.mjs; do
  [[ -f "$built" ]] || fail "$built is missing: run 'make build' first"
done
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[[ -x "$chromium" ]] || fail "no Chromium at $chromium: run scripts/setup.sh (Debian's chromium) or set CHROMIUM_PATH"
[[ -f node_modules/playwright-core/package.json ]] || fail "playwright-core is not installed: run 'npm ci'"

mkdir -p target/test-artifacts
if [[ $# -eq 0 ]]; then set -- tests/node/cli.test.mjs tests/browser/inspector.test.mjs; fi
CHROMIUM_PATH="$chromium" node --test --test-reporter=spec "$@"
echo "test-cli-page: screenshots in target/test-artifacts/ ($(ls target/test-artifacts | grep -c '^inspector') files)"
