# rds-iam-edge: `make demo` and `make test` are the whole setup on a fresh
# machine (scripts/setup.sh installs what is missing; it needs root or sudo
# for Debian packages).

SHELL := /bin/bash
.DEFAULT_GOAL := build
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: setup build test test-rust test-wasm-node test-wasm-chrome test-node test-pack test-page test-workerd test-bundlers test-e2e test-bench-smoke demo bench clean

setup:
	bash scripts/setup.sh

## pkg/ from scratch: wasm-pack per target, wasm-opt, size budget, TypeScript.
build: setup
	python3 scripts/build.py

test: build
	$(MAKE) --no-print-directory test-rust test-wasm-node test-wasm-chrome test-node test-pack test-page test-workerd test-bundlers test-e2e test-bench-smoke

test-rust:
	cargo test

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

# Lambda (esbuild), vite/esbuild/webpack pages in Chromium, attw, publint, tsc consumers.
test-bundlers:
	bash scripts/test-bundlers.sh

test-e2e:
	bash scripts/test-e2e.sh

# The benchmark harness end to end on tiny iterations: checks it runs and
# its tokens agree; times nothing (numbers from it mean nothing).
test-bench-smoke:
	node bench/run.mjs --quick

demo: build
	node scripts/demo.mjs

## Speed, cold start and size against @aws-sdk/rds-signer, the native core
## against aws-sigv4: bench/results.json and the README's Benchmarks table.
bench: build
	node bench/run.mjs

clean:
	rm -rf target pkg/dist pkg/wasm pkg/LICENSE-* pkg/README.md node_modules
