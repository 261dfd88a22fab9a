// Test runners load the package as they find it, with no configuration:
// Jest in its default node environment, and in its "jsdom" one, which
// require()s with the browser condition (so it needs the CommonJS browser
// build) and has no TextEncoder/TextDecoder (js/src/utf8/jsdom.ts).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { BIN, project, SIGN_ALL } from "./helpers.mjs";

const SPEC = (environment) => `
const { signToken, TokenSigner, inspectToken } = require("rds-iam-edge");
const { verifyToken } = require("rds-iam-edge/inspect");
const vectors = require("./vectors.json");
test("signs every golden case in the ${environment} environment", () => {
  ${SIGN_ALL}
  expect(results).toEqual(vectors.map((v) => ({ id: v.id, ok: true })));
  expect(verifyToken(signToken({ ...vectors[0].input, now: vectors[0].now }), { secretAccessKey: vectors[0].input.credentials.secretAccessKey, now: vectors[0].now })).toEqual({ ok: true });
  expect(typeof window).toBe(${JSON.stringify(environment === "jsdom" ? "object" : "undefined")});
});
`;

describe("test runners, without configuration", () => {
  const scratch = project({ "package.json": `{ "name": "app", "private": true }\n`, "node.test.js": SPEC("node"), "jsdom.test.js": SPEC("jsdom") });
  after(() => scratch.cleanup());

  for (const environment of ["node", "jsdom"]) {
    test(`jest --env=${environment}`, () => {
      const run = spawnSync(join(BIN, "jest"), ["--ci", "--no-watchman", "--no-cache", `--env=${environment}`, `${environment}.test.js`], {
        cwd: scratch.dir,
        encoding: "utf8",
        env: { PATH: process.env.PATH },
        timeout: 120_000,
      });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /Tests:\s+1 passed, 1 total/);
    });
  }
});
