#!/usr/bin/env python3
"""Builds pkg/ from scratch: each wasm module in wasm-pack.toml with cargo,
wasm-opt with its flags, the gzip budget, then the TypeScript layer (which
carries the modules inside its JS) and the licences."""

import gzip
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "pkg"
CRATE = "rds_iam_edge"


def run(*cmd: str) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)


def tool(name: str) -> str:
    """Prefers the project's npm tools (binaryen's wasm-opt) over the system's."""
    local = ROOT / "node_modules" / ".bin" / name
    return str(local) if local.exists() else name


def remap_flags() -> str:
    """Shortens crates.io source paths that panic locations leave in the
    .wasm (.../registry/src/index.crates.io-<hash>/sha2-0.10.9/... becomes
    sha2-0.10.9/...): no build-machine paths in the shipped file."""
    cargo_home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    sources = cargo_home / "registry" / "src"
    prefixes = sorted(p for p in sources.iterdir() if p.is_dir()) if sources.is_dir() else []
    return json.dumps([f"--remap-path-prefix={p}/=" for p in prefixes])


def build_module(name: str, features: list[str], cargo: dict, opt_flags: list[str]) -> Path:
    target, profile = cargo["target"], cargo["profile"]
    cmd = ["cargo", "build", "--lib", "--target", target, "--profile", profile,
           "--config", f"target.{target}.rustflags={remap_flags()}"]
    if features:
        cmd += ["--features", ",".join(features)]
    run(*cmd)
    built = ROOT / "target" / target / profile / f"{CRATE}.wasm"
    # Kept before wasm-opt for bench/wasm-bytes.mjs (the next module overwrites cargo's).
    kept = ROOT / "target" / "wasm-modules" / f"{name}.wasm"
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built, kept)
    built = kept
    out = PKG / "wasm" / f"{name}.wasm"
    run(tool("wasm-opt"), *opt_flags, str(built), "-o", str(out))
    return out


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def main() -> int:
    config = tomllib.loads((ROOT / "wasm-pack.toml").read_text())
    shutil.rmtree(PKG / "dist", ignore_errors=True)
    shutil.rmtree(PKG / "wasm", ignore_errors=True)
    (PKG / "wasm").mkdir(parents=True)
    over, sizes = [], {}
    for name, module in config["modules"].items():
        wasm = build_module(name, module["features"], config["cargo"], config["wasm-opt"]["flags"])
        raw, gz, budget = wasm.stat().st_size, gzip_size(wasm), int(module["gzip_budget"])
        sizes[name] = {"raw": raw, "gzip": gz, "gzip_budget": budget}
        print(f"size {name}.wasm: {raw} bytes raw, {gz} bytes gzip (budget {budget})", flush=True)
        if gz > budget:
            over.append(f"{name}.wasm: {gz} > {budget} bytes gzip")
    if over:
        print("wasm size budget exceeded: " + "; ".join(over), file=sys.stderr)
        return 1
    # Measured here, read by the bench and docs (never typed by hand).
    (ROOT / "target" / "wasm-sizes.json").write_text(json.dumps(sizes, indent=2) + "\n")

    run("node", "js/build.mjs")
    for name in ("LICENSE-MIT", "LICENSE-APACHE", "README.md"):
        shutil.copyfile(ROOT / name, PKG / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
