#!/usr/bin/env bash
# Installs what a fresh machine lacks. Every step is skipped when its tool
# is already there, so running it again costs a second.
#
#   scripts/setup.sh build   # what `make build` needs: the wasm32 target and
#                            # npm tools (binaryen's wasm-opt, esbuild, TypeScript); no root
#   scripts/setup.sh         # that, plus what the tests and the demo need: wasm-pack,
#                            # wasm-bindgen-cli, Debian's Chromium and database servers
#                            # (root or sudo), the Python venv
set -euo pipefail
mode=${1:-all}
case "$mode" in build|all) ;; *) echo "usage: scripts/setup.sh [build|all]" >&2; exit 2;; esac
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { echo "setup: $*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "apt-get install ${missing[*]}"
  # The lists lock is not covered by DPkg::Lock::Timeout: retry update.
  for attempt in 1 2 3 4 5; do
    as_root apt-get update -qq && break
    say "apt-get update failed (attempt $attempt), retrying"; sleep 10
  done
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "${missing[@]}"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# npm tools (esbuild, typescript, binaryen's wasm-opt, bun, deno, drivers...).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
fi

if [ "$mode" = build ]; then say "ready to build"; exit 0; fi

# make test-rust checks the formatting and the lints (rustup's default
# profile has both; a minimal one does not).
if ! cargo fmt --version >/dev/null 2>&1; then
  say "rustup component add rustfmt"
  rustup component add rustfmt
fi
if ! cargo clippy --version >/dev/null 2>&1; then
  say "rustup component add clippy"
  rustup component add clippy
fi

# The wasm-bindgen-test suites (tests/wasm.rs in Node and Chromium) run
# under wasm-pack; the package's own build needs neither tool.
if ! command -v wasm-pack >/dev/null; then
  say "cargo install wasm-pack (several minutes)"
  cargo install wasm-pack --locked --version 0.15.1
fi

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly, or
# wasm-pack silently compiles its own copy. Not --locked: its lockfile wants
# a webpki-roots release the registry here lacks.
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "cargo install wasm-bindgen-cli $want (several minutes)"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# Headless Chromium for wasm-pack's browser tests (Debian's, no download),
# and the real servers, PAM headers and TLS tools of the end-to-end tests.
apt_install chromium chromium-driver postgresql mariadb-server pgbouncer libpam0g-dev openssl gcc

# --- Python package (python/) ------------------------------------------
# A venv under the repo (.venv, gitignored) holding maturin and what the
# Python tests, lint, e2e and bench use. mysqlclient builds from source
# against Debian's libmariadb-dev (found through pkg-config).
apt_install python3-venv python3-dev libmariadb-dev pkg-config
if [ ! -x .venv/bin/python ]; then
  say "python3 -m venv .venv"
  python3 -m venv .venv
fi
if [ ! -f .venv/.requirements-stamp ] || [ python/requirements-dev.txt -nt .venv/.requirements-stamp ]; then
  say "pip install -r python/requirements-dev.txt"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r python/requirements-dev.txt
  touch .venv/.requirements-stamp
fi
# --- end Python package --------------------------------------------------

say "ready"
