// Issue 13: a token handed to inspectToken/verifyToken is capped at 64 KiB
// (as every input the core takes) before it is scanned or copied into wasm.
import assert from "node:assert/strict";
import { test } from "node:test";

import { CASES, cjs, esm } from "./helpers.mjs";

const c = CASES.find((k) => k.kind === "rds");

for (const [name, pkg] of [["cjs", cjs], ["esm", esm]]) {
  test(`${name}: inspectToken and verifyToken refuse a token over 64 KiB with INVALID_TOKEN`, () => {
    for (const size of [64 * 1024 + 1, 1024 * 1024, 100 * 1024 * 1024]) {
      const huge = c.expected_token + "&X=" + "a".repeat(size - c.expected_token.length);
      assert.throws(() => pkg.inspectToken(huge), (e) => e.code === "INVALID_TOKEN" && e.field === "token" && /64 KiB/.test(e.message));
      const v = pkg.verifyToken(huge, { secretAccessKey: c.secretAccessKey, now: c.epoch_ms });
      assert.deepEqual([v.ok, v.code], [false, "INVALID_TOKEN"]);
    }
    // A real token (even with a long session token) is far below it.
    assert.equal(pkg.inspectToken(c.expected_token).hostname, c.host);
  });
}
