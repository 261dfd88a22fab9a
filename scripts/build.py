#!/usr/bin/env python3
"""Builds pkg/ from scratch: wasm-pack per target in wasm-pack.toml, wasm-opt
with its flags, the size budget, then the TypeScript layer and licences."""

import gzip
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "pkg"
NAME = "rds_iam_edge"


def run(*cmd: str) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)


def tool(name: str) -> str:
    """Prefers the project's npm tools (binaryen's wasm-opt) over the system's."""
    local = ROOT / "node_modules" / ".bin" / name
    return str(local) if local.exists() else name


def build_target(target: str, profile: str, opt_flags: list[str]) -> Path:
    out = PKG / "wasm" / target
    shutil.rmtree(out, ignore_errors=True)
    run("wasm-pack", "build", "--" + profile, "--target", target, "--out-dir", str(out),
        "--out-name", NAME, "--no-typescript", "--no-pack", "--no-opt")
    for extra in ("package.json", ".gitignore", "README.md", "LICENSE-MIT", "LICENSE-APACHE"):
        (out / extra).unlink(missing_ok=True)
    if target == "nodejs":
        # Its glue is CommonJS in .js files, inside a "type": "module" package.
        (out / "package.json").write_text('{ "type": "commonjs" }\n')
    wasm = out / f"{NAME}_bg.wasm"
    run(tool("wasm-opt"), *opt_flags, str(wasm), "-o", str(wasm))
    return wasm


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def main() -> int:
    config = tomllib.loads((ROOT / "wasm-pack.toml").read_text())
    targets = config["build"]["targets"]
    profile = config["build"].get("profile", "release")
    flags = config["wasm-opt"]["flags"]
    budget = int(config["budget"]["wasm_gzip_bytes"])

    shutil.rmtree(PKG / "dist", ignore_errors=True)
    shutil.rmtree(PKG / "wasm", ignore_errors=True)
    over = []
    for target in targets:
        wasm = build_target(target, profile, flags)
        raw, gz = wasm.stat().st_size, gzip_size(wasm)
        print(f"size {target}: {raw} bytes raw, {gz} bytes gzip (budget {budget})", flush=True)
        if gz > budget:
            over.append(f"{target}: {gz} > {budget} bytes gzip")
    if over:
        print("wasm size budget exceeded: " + "; ".join(over), file=sys.stderr)
        return 1

    run("node", "js/build.mjs")
    for name in ("LICENSE-MIT", "LICENSE-APACHE", "README.md"):
        shutil.copyfile(ROOT / name, PKG / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
