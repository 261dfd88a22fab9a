// One list of error codes: the core's ErrorCode::ALL (src/error.rs) is what
// js/src/error-codes.ts is generated from (scripts/gen-error-codes.mjs, run
// by the build) and what the package exports as ERROR_CODES.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { coreErrorCodes, render } from "../../scripts/gen-error-codes.mjs";
import { ROOT, cjs, esm } from "./helpers.mjs";

const core = coreErrorCodes();

test("js/src/error-codes.ts is the core's list, as generated (not edited by hand, not stale)", () => {
  assert.equal(readFileSync(join(ROOT, "js/src/error-codes.ts"), "utf8"), render(core));
});

test("the package's ERROR_CODES is the core's list, in its order, for require and import", () => {
  assert.deepEqual([...cjs.ERROR_CODES], core);
  assert.deepEqual([...esm.ERROR_CODES], core);
  assert.ok(core.includes("INTERNAL_ERROR") && core.includes("CREDENTIALS_EXPIRED") && core.includes("REGION_UNAVAILABLE"));
  assert.equal(new Set(core).size, core.length, "no code twice");
});

test("every code the core can name is in the list (as_str arms and ALL agree)", () => {
  const source = readFileSync(join(ROOT, "src/error.rs"), "utf8");
  const named = [...source.matchAll(/Self::\w+\s*=>\s*"([A-Z_]+)"/g)].map((m) => m[1]);
  assert.deepEqual([...named].sort(), [...core].sort());
});

test("the generator refuses a list that does not match its own count", () => {
  assert.throws(() => coreErrorCodes('pub const ALL: [Self; 2] = [Self::A];\nSelf::A => "A",'), /ALL lists 1 codes, says 2/);
  assert.throws(() => coreErrorCodes('pub const ALL: [Self; 1] = [Self::B];'), /has no as_str name/);
});
