// The package as type checkers and package linters see it: attw and publint
// clean; tsc accepts a CommonJS (.cts) consumer and an ESM one with the
// Node-only names; a Worker consumer gets the Workers entry's types, in
// which a Node-only import is an error.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { BIN, PKG, project, ROOT } from "./helpers.mjs";

const tool = (name, args, cwd) => spawnSync(join(BIN, name), args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });

const INPUT = `{ hostname: "db.example.com", port: 5432, username: "app", region: "us-east-1", credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } }`;
const NODE_CONSUMER = `
import { signToken, TokenSigner, defaultCredentials, fromSharedFile, RdsIamError, type TokenInput } from "rds-iam-edge";
import { inspectToken, verifyToken, type TokenInfo } from "rds-iam-edge/inspect";
const input: TokenInput = ${INPUT};
const token: string = signToken(input);
const again: string = new TokenSigner(input).sign(Date.now());
const info: TokenInfo = inspectToken(token);
const ok: boolean = verifyToken(again, { secretAccessKey: "secret" }).ok;
const sources = [defaultCredentials(), fromSharedFile()];
export const all = [token, again, info.expiresAt, ok, sources, RdsIamError];
`;
const WORKER_CONSUMER = `
import { signToken, authTokenProvider, fromWorkersEnv, rotateHyperdrivePassword } from "rds-iam-edge";
import { inspectToken } from "rds-iam-edge/inspect";
const token: string = signToken({ ...${INPUT}, credentials: fromWorkersEnv({ AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" }) });
export const all = [token, inspectToken(token), authTokenProvider, rotateHyperdrivePassword];
`;
const WORKER_NODE_ONLY = `import { defaultCredentials } from "rds-iam-edge";\nexport const chain = defaultCredentials();\n`;
const WORKER_INSPECT_FROM_MAIN = `import { inspectToken } from "rds-iam-edge";\nexport const f = inspectToken;\n`;

const tsconfig = (options, files) => JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: [], ...options }, files });

describe("types and package shape", () => {
  const scratch = project({
    "node-cjs/consumer.cts": NODE_CONSUMER,
    // A Node project has @types/node (linked below), not the DOM library.
    "node-cjs/tsconfig.json": tsconfig({ module: "nodenext", moduleResolution: "nodenext", lib: ["es2022"], types: ["node"] }, ["consumer.cts"]),
    "node-esm/consumer.mts": NODE_CONSUMER,
    "node-esm/tsconfig.json": tsconfig({ module: "nodenext", moduleResolution: "nodenext", lib: ["es2022"], types: ["node"] }, ["consumer.mts"]),
    "worker/consumer.ts": WORKER_CONSUMER,
    "worker/node-only.ts": WORKER_NODE_ONLY,
    "worker/inspect-from-main.ts": WORKER_INSPECT_FROM_MAIN,
    // wrangler's own conditions; and a plain bundler setup, which reads the `default` types.
    "worker/tsconfig.json": tsconfig({ module: "es2022", moduleResolution: "bundler", customConditions: ["workerd", "worker"], lib: ["es2022", "webworker"] }, ["consumer.ts"]),
    "worker/tsconfig.node-only.json": tsconfig({ module: "es2022", moduleResolution: "bundler", customConditions: ["workerd", "worker"], lib: ["es2022", "webworker"] }, ["node-only.ts"]),
    "worker/tsconfig.plain.json": tsconfig({ module: "es2022", moduleResolution: "bundler", lib: ["es2022", "webworker"] }, ["node-only.ts"]),
    "worker/tsconfig.inspect-from-main.json": tsconfig({ module: "es2022", moduleResolution: "bundler", customConditions: ["workerd"], lib: ["es2022", "webworker"] }, ["inspect-from-main.ts"]),
  });
  symlinkSync(join(ROOT, "node_modules", "@types"), join(scratch.dir, "node_modules", "@types"), "dir");
  after(() => scratch.cleanup());
  const dir = (sub) => join(scratch.dir, sub);

  test("attw: no problems in any resolution mode", () => {
    // The .wasm subpaths are files for custom setups, not modules with types.
    const run = tool("attw", ["--pack", PKG, "--exclude-entrypoints", "./wasm/sign.wasm", "./wasm/inspect.wasm", "--no-emoji"], PKG);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /No problems found/);
  });

  test("publint: all good (no errors or warnings)", () => {
    // Its one suggestion, to declare browsers in "exports" only, is already
    // done: the top-level `browser` field stays for Parcel, which reads no
    // "exports" unless the app opts in.
    const run = tool("publint", [PKG, "--strict", "--level", "warning"], PKG);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /All good/);
  });

  test("tsc: a CommonJS consumer (.cts, nodenext) with the Node-only names", () => {
    const run = tool("tsc", ["-p", "tsconfig.json"], dir("node-cjs"));
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  test("tsc: an ESM consumer (.mts, nodenext) with the Node-only names", () => {
    const run = tool("tsc", ["-p", "tsconfig.json"], dir("node-esm"));
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  test("tsc: a Worker consumer type-checks against the Workers entry", () => {
    const run = tool("tsc", ["-p", "tsconfig.json"], dir("worker"));
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  test("tsc: in a Worker, a Node-only import is a type error (wrangler's conditions, and a plain bundler setup)", () => {
    for (const config of ["tsconfig.node-only.json", "tsconfig.plain.json"]) {
      const run = tool("tsc", ["-p", config], dir("worker"));
      assert.notEqual(run.status, 0, `${config}: tsc accepted defaultCredentials in a Worker`);
      assert.match(run.stdout, /TS2305.*defaultCredentials/, config);
    }
  });

  test("tsc: in a Worker, inspectToken comes from rds-iam-edge/inspect, not the main entry", () => {
    const run = tool("tsc", ["-p", "tsconfig.inspect-from-main.json"], dir("worker"));
    assert.notEqual(run.status, 0);
    assert.match(run.stdout, /TS2305.*inspectToken/);
  });
});
