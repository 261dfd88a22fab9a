// A Lambda handler bundled as AWS CDK's NodejsFunction and SAM do
// (`esbuild --bundle --platform=node`, CommonJS and ESM; also webpack and
// `bun build --target=node`), then run with
// nothing but the bundle in an otherwise empty directory: no .wasm, no
// node_modules beside it.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { BIN, emptyDir, project, SIGN_ALL, webpackBuild } from "./helpers.mjs";

const HANDLER = `
import { signToken, TokenSigner, authTokenProvider } from "rds-iam-edge";
import { inspectToken } from "rds-iam-edge/inspect";
import vectors from "./vectors.json";

export const handler = async () => {
  ${SIGN_ALL}
  // The provider with static credentials: signs without any network.
  const provider = authTokenProvider({ ...vectors[0].input, clock: () => vectors[0].now });
  results.push({ id: "authTokenProvider", ok: (await provider()) === vectors[0].expected });
  return results;
};
`;

const RUN = {
  cjs: `require("./index.js").handler().then((r) => console.log(JSON.stringify(r)))`,
  esm: `import("./index.mjs").then((m) => m.handler()).then((r) => console.log(JSON.stringify(r)))`,
};

/** Copies the bundle alone into an empty directory, as the handler's file, and runs it in Node. */
function assertSignsAlone(bundle, format) {
  const alone = emptyDir();
  try {
    copyFileSync(bundle, join(alone.dir, format === "cjs" ? "index.js" : "index.mjs"));
    const run = spawnSync(process.execPath, ["-e", RUN[format]], { cwd: alone.dir, encoding: "utf8", env: { PATH: process.env.PATH } });
    assert.equal(run.status, 0, run.stderr);
    const results = JSON.parse(run.stdout);
    assert.equal(results.length, 6);
    for (const r of results) assert.ok(r.ok, `${r.id}: ${r.error ?? "wrong token"}`);
  } finally {
    alone.cleanup();
  }
}

describe("Lambda: esbuild --bundle --platform=node, run alone", () => {
  const scratch = project({ "handler.mjs": HANDLER });
  after(() => scratch.cleanup());

  for (const format of ["cjs", "esm"]) {
    test(`${format}: the bundle signs every golden case in an empty directory`, () => {
      const outfile = join(scratch.dir, `out-${format}`, format === "cjs" ? "index.js" : "index.mjs");
      // CDK's NodejsFunction defaults: --bundle --platform=node --target=node20, CommonJS unless format: ESM.
      execFileSync(join(BIN, "esbuild"), ["handler.mjs", "--bundle", "--platform=node", "--target=node20", `--format=${format}`, `--outfile=${outfile}`, "--log-level=warning"], {
        cwd: scratch.dir,
        stdio: ["ignore", "pipe", "pipe"],
      });
      assert.deepEqual(readdirSync(join(scratch.dir, `out-${format}`)), [outfile.split("/").pop()], "one file, no .wasm beside it");
      const bundle = readFileSync(outfile, "utf8");
      assert.doesNotMatch(bundle, /__dirname|import\.meta\.url/, "no file lookups beside the bundle");
      assertSignsAlone(outfile, format);
    });
  }

  for (const format of ["cjs", "esm"]) {
    test(`bun build --target=node --format=${format}: the bundle signs alone in Node`, () => {
      const out = join(scratch.dir, `out-bun-${format}`);
      execFileSync(join(BIN, "bun"), ["build", "handler.mjs", "--target=node", `--format=${format}`, `--outdir=${out}`], { cwd: scratch.dir, stdio: ["ignore", "pipe", "pipe"] });
      assert.deepEqual(readdirSync(out), ["handler.js"], "one file, no .wasm beside it");
      assertSignsAlone(join(out, "handler.js"), format);
    });
  }

  test("webpack (target node, commonjs2): the bundle signs alone too", async () => {
    const out = join(scratch.dir, "out-webpack");
    const bundle = await webpackBuild(scratch.dir, "./handler.mjs", "node", out, { filename: "index.js", library: { type: "commonjs2" } });
    assert.deepEqual(readdirSync(out), ["index.js"], "one file, no .wasm beside it");
    assertSignsAlone(bundle, "cjs");
  });
});
