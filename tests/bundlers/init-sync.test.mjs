// The browser entry's initSync(module) for custom setups: a module compiled
// elsewhere from the package's wasm/sign.wasm (or its bytes) is the one that
// signs from then on. Run in Node, which can load the browser build.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { GOLDEN, PKG } from "./helpers.mjs";

test("initSync: a compiled module or its bytes sign the golden tokens", async () => {
  const browser = await import(join(PKG, "dist/browser.mjs"));
  const bytes = readFileSync(join(PKG, "wasm/sign.wasm"));
  for (const given of [new WebAssembly.Module(bytes), bytes, { module: new WebAssembly.Module(bytes) }]) {
    browser.initSync(given);
    for (const v of GOLDEN) assert.equal(browser.signToken({ ...v.input, now: v.now }), v.expected, v.id);
  }
  // Not wasm: a typed error naming the argument (tests/node/wasm-unavailable.test.mjs has the rest).
  assert.throws(() => browser.initSync(new Uint8Array([0, 97, 115, 109])), (e) => e.name === "RdsIamError" && e.code === "INVALID_INPUT" && e.field === "module");
});
