// The dist is minified (js/build.mjs): internal names are short, but what a
// user sees by name must stay: each exported function and class keeps its
// own name (util.inspect prints a class's name for its instances and
// errors; stack frames name the public function called).
import assert from "node:assert/strict";
import { test } from "node:test";
import util from "node:util";
import { createRequire } from "node:module";
import { PKG } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const BUILDS = {
  "node.mjs": () => import(`${PKG}/dist/node.mjs`),
  "node.cjs": async () => require(`${PKG}/dist/node.cjs`),
  "browser.mjs": () => import(`${PKG}/dist/browser.mjs`),
  "browser.cjs": async () => require(`${PKG}/dist/browser.cjs`),
  "inspect.browser.cjs": async () => require(`${PKG}/dist/inspect.browser.cjs`),
  "inspect.mjs": () => import(`${PKG}/dist/inspect.mjs`),
  "inspect.cjs": async () => require(`${PKG}/dist/inspect.cjs`),
};

for (const [file, load] of Object.entries(BUILDS)) {
  test(`${file}: every exported function and class keeps its name`, async () => {
    const api = await load();
    const functions = Object.entries(api).filter(([name, value]) => typeof value === "function" && name !== "default");
    assert.ok(functions.length > 0);
    for (const [name, value] of functions) assert.equal(value.name, name, `${file}: ${name}`);
  });
}

test("an RdsIamError prints as one (util.inspect, stack), a TokenCache as one", async () => {
  for (const api of [await BUILDS["node.mjs"](), await BUILDS["node.cjs"]()]) {
    let error;
    try {
      api.signToken({});
    } catch (thrown) {
      error = thrown;
    }
    assert.ok(error instanceof api.RdsIamError);
    assert.match(util.inspect(error), /^RdsIamError: INVALID_/);
    assert.match(error.stack, /^RdsIamError: INVALID_[\s\S]*\n\s+at (Object\.|Module\.)?signToken /);
    assert.match(util.inspect(new api.TokenCache()), /^TokenCache \{/);
  }
});
