// An app (or its dependencies) that both imports and require()s the package
// gets one copy of it in a bundle, for browsers and for Node (Lambda): the
// `module` condition, which bundlers match for import and require alike,
// leads them to the ES module build. (Node itself, and Jest's jsdom, have no
// `module` condition: they require() the CommonJS build.) Two copies would
// carry the wasm twice, and an RdsIamError from one would not be an
// instance of the other's.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { BIN, PKG, project, webpackBuild } from "./helpers.mjs";

const MIXED = `
const required = require("rds-iam-edge");
import * as imported from "rds-iam-edge";
import vectors from "./vectors.json";
const v = vectors[0];
const token = required.signToken({ ...v.input, now: v.now });
let thrown;
try { imported.signToken({}); } catch (e) { thrown = e; }
console.log(JSON.stringify({
  same: required.signToken === imported.signToken && required.RdsIamError === imported.RdsIamError,
  typed: thrown instanceof required.RdsIamError,
  signed: token === v.expected,
}));
`;
// A stretch from the middle of the signing module's bytes as the build inlines them.
const MARK = readFileSync(join(PKG, "wasm", "sign.wasm")).toString("base64").slice(4000, 4064);

describe("one copy when an app both imports and requires the package", () => {
  const scratch = project({ "mixed.js": MIXED });
  after(() => scratch.cleanup());

  function assertOneCopy(bundle) {
    assert.equal(readFileSync(bundle, "utf8").split(MARK).length - 1, 1, "the signing module's bytes once");
    const run = spawnSync(process.execPath, [bundle], { encoding: "utf8", env: { PATH: process.env.PATH } });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { same: true, typed: true, signed: true });
  }

  test("esbuild --platform=browser", () => {
    const out = join(scratch.dir, "mixed-esbuild.js");
    execFileSync(join(BIN, "esbuild"), ["mixed.js", "--bundle", "--platform=browser", `--outfile=${out}`, "--log-level=error"], { cwd: scratch.dir });
    assertOneCopy(out);
  });

  for (const format of ["cjs", "esm"]) {
    test(`esbuild --platform=node --format=${format} (Lambda, as CDK bundles)`, () => {
      const out = join(scratch.dir, `mixed-node.${format === "cjs" ? "cjs" : "mjs"}`);
      execFileSync(join(BIN, "esbuild"), ["mixed.js", "--bundle", "--platform=node", `--format=${format}`, `--outfile=${out}`, "--log-level=error"], { cwd: scratch.dir });
      assertOneCopy(out);
    });
  }

  for (const target of ["web", "node"]) {
    test(`webpack (target ${target})`, async () => {
      assertOneCopy(await webpackBuild(scratch.dir, "./mixed.js", target, join(scratch.dir, `mixed-webpack-${target}`)));
    });
  }

  test("bun build --target=browser", () => {
    const out = join(scratch.dir, "mixed-bun");
    execFileSync(join(BIN, "bun"), ["build", "mixed.js", "--target=browser", `--outdir=${out}`], { cwd: scratch.dir, stdio: ["ignore", "pipe", "pipe"] });
    assertOneCopy(join(out, "mixed.js"));
  });
});
