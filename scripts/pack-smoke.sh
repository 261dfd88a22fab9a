#!/usr/bin/env bash
# The npm package as a user gets it: `npm pack` pkg/, check what the tarball
# holds, install it offline into a fresh project, then sign golden vectors
# under Node (ESM and CJS), Bun and Deno by the bare name "rds-iam-edge".
# Fails if any runtime is missing, signs nothing, or signs a byte wrong.
# Needs a built pkg/ (`make build`); bun and deno come from the root
# devDependencies (npm packages that carry the binaries). The project's
# JavaScript lives in tests/pack/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$ROOT/pkg"
# Vectors: one per token kind, with session tokens, admin and serverless.
VECTORS="${PACK_SMOKE_VECTORS:-rds-009 rds-040 dsql-049 elasticache-001 memorydb-005}"

fail() { echo "pack-smoke: FAIL: $*" >&2; exit 1; }
step() { echo "pack-smoke: $*"; }

[[ -f "$PKG/dist/node.cjs" && -f "$PKG/wasm/sign.wasm" ]] \
  || fail "pkg/ is not built; run 'make build' first"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/rds-iam-edge-pack.XXXXXX")"
# PACK_SMOKE_KEEP=1 keeps the work directory (tarball, project) for a look.
cleanup() { if [[ "${PACK_SMOKE_KEEP:-}" == 1 ]]; then echo "pack-smoke: kept $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
export npm_config_cache="$WORK/npm-cache" npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# --- 1. pack and inspect the tarball -----------------------------------------
PACK_JSON="$(cd "$PKG" && npm pack --json --ignore-scripts --pack-destination "$WORK" 2>/dev/null)"
TARBALL="$WORK/$(node -e 'process.stdout.write(JSON.parse(process.argv[1])[0].filename)' "$PACK_JSON")"
[[ -f "$TARBALL" ]] || fail "npm pack produced no tarball"
UNPACKED="$(node -e 'process.stdout.write(String(JSON.parse(process.argv[1])[0].unpackedSize))' "$PACK_JSON")"
mapfile -t FILES < <(tar -tzf "$TARBALL" | sed 's|^package/||' | sort)

step "tarball $(basename "$TARBALL"): ${#FILES[@]} files, $(stat -c %s "$TARBALL") bytes gzip, $UNPACKED bytes unpacked"
for f in "${FILES[@]}"; do printf '  %s\n' "$f"; done

REQUIRED=(
  package.json README.md LICENSE-MIT LICENSE-APACHE
  dist/node.cjs dist/node.mjs dist/browser.mjs dist/browser.cjs dist/workerd.mjs
  dist/inspect.cjs dist/inspect.mjs dist/inspect.browser.mjs dist/inspect.browser.cjs dist/inspect.workerd.mjs
  dist/sign-wasm.mjs dist/sign-wasm.cjs dist/inspect-wasm.mjs dist/inspect-wasm.cjs
  dist/types/node.d.ts dist/types/node.d.cts dist/types/workerd.d.ts dist/types/browser.d.ts dist/types/inspect.d.ts
  wasm/sign.wasm wasm/inspect.wasm inspect/package.json
)
for f in "${REQUIRED[@]}"; do
  # Not grep -q: it exits at the first match, printf dies of SIGPIPE and
  # pipefail turns that into a failure.
  printf '%s\n' "${FILES[@]}" | grep -xF "$f" >/dev/null || fail "tarball lacks $f"
done
# No Rust sources, build inputs, TypeScript sources (only .d.ts) or stray trees.
FORBIDDEN='(\.rs$|(^|/)Cargo\.(toml|lock)$|^src/|^js/|^tests?/|^target/|^node_modules/|^scripts/|(^|/)\.gitignore$|\.tgz$|^wasm-pack\.toml$|(^|[^d])\.ts$|\.tsbuildinfo$)'
if BAD="$(printf '%s\n' "${FILES[@]}" | grep -E "$FORBIDDEN")"; then
  fail "tarball holds files it should not: $(echo "$BAD" | tr '\n' ' ')"
fi
[[ -s "$PKG/README.md" ]] || echo "pack-smoke: warning: README.md in the tarball is empty" >&2
step "tarball contents ok (dist/, wasm/, licences, README.md; no Rust or TypeScript sources)"

# --- 2. a fresh project with the tarball installed offline -------------------
APP="$WORK/app"
mkdir -p "$APP"
cat >"$APP/package.json" <<'JSON'
{ "name": "rds-iam-edge-pack-smoke", "private": true, "version": "0.0.0" }
JSON
(cd "$APP" && npm install --offline --ignore-scripts --no-package-lock --loglevel=error "$TARBALL" >/dev/null) \
  || fail "npm install of the tarball failed"
[[ -f "$APP/node_modules/rds-iam-edge/package.json" ]] || fail "rds-iam-edge is not in the project's node_modules"
step "installed into $APP (offline, from the tarball)"

# The chosen golden vectors and the checks (ESM and CJS), from tests/pack/.
node "$ROOT/tests/pack/vectors.mjs" "$ROOT/tests/data/tokens/tokens.json" "$APP" $VECTORS
cp "$ROOT/tests/pack/check.mjs" "$ROOT/tests/pack/check.cjs" "$ROOT/tests/pack/check-common.cjs" "$APP/"

# --- 3. the runtimes ------------------------------------------------------------
# A runtime binary that answers --version, from the first candidate that works.
first_working() {
  local candidate
  for candidate in "$@"; do
    [[ -n "$candidate" && -x "$candidate" && -f "$candidate" ]] || continue
    if "$candidate" --version >/dev/null 2>&1; then echo "$candidate"; return 0; fi
  done
  return 1
}

# bun and deno ship their binaries inside npm packages; a postinstall script
# puts them in place. If npm skipped it (install scripts not allowed), the
# `.bin` entry is a placeholder: run the package's own script (it copies the
# binary from the platform package) and look again.
find_runtime() {
  local name="$1" script="$2"; shift 2
  local found
  if found="$(first_working "$@")"; then echo "$found"; return 0; fi
  if [[ -f "$ROOT/node_modules/$name/$script" ]]; then
    echo "pack-smoke: $name does not run as installed; running its install script ($script)" >&2
    (cd "$ROOT/node_modules/$name" && node "$script") >&2 || true
    if found="$(first_working "$@")"; then echo "$found"; return 0; fi
  fi
  return 1
}

shopt -s nullglob
BUN="$(find_runtime bun install.js \
  "$ROOT/node_modules/.bin/bun" "$ROOT/node_modules/bun/bin/bun.exe" \
  "$ROOT"/node_modules/@oven/bun-linux-*/bin/bun "$(command -v bun || true)")" \
  || fail "bun not found: run 'npm install' at the repository root (bun is a devDependency)"
DENO="$(find_runtime deno install.cjs \
  "$ROOT/node_modules/.bin/deno" "$ROOT/node_modules/deno/deno" \
  "$ROOT"/node_modules/@deno/linux-*/deno "$(command -v deno || true)")" \
  || fail "deno not found: run 'npm install' at the repository root (deno is a devDependency)"
shopt -u nullglob

RESULTS="$WORK/results.txt"
: >"$RESULTS"
run() {
  local label="$1"; shift
  local out
  if ! out="$(cd "$APP" && "$@" 2>&1)"; then
    echo "$out" >&2
    fail "$label exited non-zero"
  fi
  echo "$out"
  echo "$out" | grep -Eq ': signed [1-9][0-9]*/' || fail "$label signed nothing"
  echo "$label" >>"$RESULTS"
}

step "node $(node --version), bun $("$BUN" --version) ($BUN), $("$DENO" --version | head -n1) ($DENO)"
run "node esm" node check.mjs
run "node cjs" node check.cjs
run "bun esm" "$BUN" check.mjs
run "bun cjs" "$BUN" check.cjs
# Deno: npm packages from the project's own node_modules (no registry, no
# network), a private cache, and only the permissions the package needs.
printf '{ "nodeModulesDir": "manual" }\n' >"$APP/deno.json"
export DENO_DIR="$WORK/deno-dir" DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1 NO_COLOR=1
run "deno esm" "$DENO" run --quiet --no-prompt --no-remote --allow-read="$APP" check.mjs
run "deno cjs" "$DENO" run --quiet --no-prompt --no-remote --allow-read="$APP" check.cjs

step "ok: $(paste -sd, "$RESULTS" | sed 's/,/, /g') each signed [$VECTORS] byte-equal from the packed tarball"
