# rds-iam-edge: `make demo` and `make test` are the whole setup on a fresh
# machine (scripts/setup.sh installs what is missing; the Debian packages the
# tests and the demo need take root or sudo). `make build` needs neither root
# nor a database server.

SHELL := /bin/bash
.DEFAULT_GOAL := build
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: setup setup-build build test python-wheel test-python test-python-e2e bench-python test-rust test-wasm-node test-wasm-chrome test-node test-pack test-page test-workerd test-bundlers test-e2e test-bench-smoke demo bench clean

## Everything the tests and the demo need (Debian packages: root or sudo).
setup:
	bash scripts/setup.sh all

## What building needs: Rust's wasm32 target and the npm tools (no root).
setup-build:
	bash scripts/setup.sh build

## pkg/ from scratch: the wasm modules (cargo, wasm-opt, size budget), TypeScript.
build: setup-build
	python3 scripts/build.py

test: setup build
	$(MAKE) --no-print-directory test-rust test-wasm-node test-wasm-chrome test-node test-pack test-page test-workerd test-bundlers test-e2e test-python test-python-e2e test-bench-smoke

test-rust:
	cargo fmt --check
	cargo clippy --all-targets --features verifier -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --features verifier
	cargo test
	cargo test --features verifier --bin rds-iam-verify

test-wasm-node:
	bash scripts/wasm-test.sh node

test-wasm-chrome:
	bash scripts/wasm-test.sh chrome

test-node:
	node --test --test-reporter=spec tests/node/

test-pack:
	bash scripts/pack-smoke.sh

# The inspector page in headless Chromium (the CLI's tests run in test-node).
test-page:
	bash scripts/test-cli-page.sh tests/browser/inspector.test.mjs

test-workerd:
	bash scripts/test-workerd.sh

# Lambda (esbuild, webpack, bun build), vite/esbuild/webpack/rollup/bun/Parcel pages in Chromium, Jest (node, jsdom), attw, publint, tsc consumers.
test-bundlers:
	bash scripts/test-bundlers.sh

test-e2e:
	bash scripts/test-e2e.sh

# The benchmark harness end to end on tiny iterations: checks it runs and
# its tokens agree; times nothing (numbers from it mean nothing).
test-bench-smoke: python-wheel
	node bench/run.mjs --quick
	$(PYTHON) bench/python_bench.py --quick

demo: setup build
	node scripts/demo.mjs

## Speed, cold start and size against @aws-sdk/rds-signer, the native core
## against aws-sigv4 (bench/results.json, docs/benchmarks.md, the README
## summary); the Python package against botocore (bench/results-python.json).
bench: setup build python-wheel
	node bench/run.mjs
	$(PYTHON) bench/python_bench.py > bench/results-python.json

clean:
	rm -rf target pkg/dist pkg/wasm pkg/LICENSE-* pkg/README.md node_modules

## --- Python package (python/) --------------------------------------------
# The wheel maturin builds (abi3, CPython >= 3.9), installed into .venv
# (scripts/setup.sh makes it); the tests run against the installed wheel.
PYTHON := $(CURDIR)/.venv/bin/python
PY_LINTED := rds_iam_edge tests ../e2e/test_python.py ../bench/python_bench.py

python-wheel:
	rm -rf python/target/wheels
	$(CURDIR)/.venv/bin/maturin build --release -m python/Cargo.toml -i $(PYTHON)
	$(PYTHON) -m pip install --quiet --force-reinstall --no-deps python/target/wheels/*.whl

# pytest (golden vectors, errors, provider, SQLAlchemy, botocore differential),
# mypy --strict and ruff.
test-python: python-wheel
	$(PYTHON) -m pytest -q -p no:cacheprovider python/tests
	cd python && ../.venv/bin/mypy $(PY_LINTED)
	cd python && ../.venv/bin/ruff check $(PY_LINTED) && ../.venv/bin/ruff format --check $(PY_LINTED)

# Real logins through SQLAlchemy on the local stand-in (starts and always
# stops the servers; the lock keeps e2e runs from colliding).
test-python-e2e: python-wheel
	flock /tmp/rds-iam-e2e.lock bash -c 'trap "bash e2e/servers.sh down" EXIT; \
	  RDS_IAM_E2E_SERVERS=$$(bash e2e/servers.sh up) $(PYTHON) -m pytest -q -p no:cacheprovider e2e/test_python.py'

# sign_token against botocore's generate_db_auth_token, and a cached provider hit.
bench-python: python-wheel
	$(PYTHON) bench/python_bench.py
