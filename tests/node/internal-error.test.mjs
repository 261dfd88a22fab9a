// A bug must not look like the caller's mistake: a wasm trap (injected by
// wasm-trap.cjs, preloaded into a child process) surfaces as INTERNAL_ERROR
// from the API, never as an input code, and the CLI exits 70 for it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";

import { PKG, ROOT } from "./helpers.mjs";

const TRAP = join(ROOT, "tests/node/wasm-trap.cjs");
const CREDS = { AWS_ACCESS_KEY_ID: "AKIDTRAP", AWS_SECRET_ACCESS_KEY: "trap-secret" };

function node(args, env = {}) {
  const r = spawnSync(process.execPath, ["-r", TRAP, ...args], { encoding: "utf8", env: { PATH: process.env.PATH, ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("signToken and TokenSigner: a trap is INTERNAL_ERROR, with the trap's kind only", () => {
  const script = `
    const { signToken, TokenSigner, RdsIamError } = require(${JSON.stringify(PKG)});
    const input = { hostname: "db.example.com", port: 5432, username: "u", region: "us-east-1", credentials: { accessKeyId: "AKIDTRAP", secretAccessKey: "trap-secret" } };
    const out = [];
    for (const run of [() => signToken({ ...input, now: 0 }), () => new TokenSigner(input).sign(0)]) {
      try { run(); out.push("signed"); } catch (e) { out.push({ rds: e instanceof RdsIamError, code: e.code, field: e.field, reason: e.reason }); }
    }
    console.log(JSON.stringify(out));`;
  const r = node(["-e", script]);
  assert.equal(r.code, 0, r.stderr);
  const expected = { rds: true, code: "INTERNAL_ERROR", reason: "unexpected failure in the signer (RuntimeError)" };
  assert.deepEqual(JSON.parse(r.stdout), [expected, expected]);
});

test("an error code the JS layer does not know is INTERNAL_ERROR too (not the caller's mistake)", () => {
  const script = `
    const { signToken } = require(${JSON.stringify(PKG)});
    try { signToken({ hostname: "db.example.com", port: 5432, username: "u", region: "us-east-1", credentials: { accessKeyId: "AKIDTRAP", secretAccessKey: "x" }, now: 0 }); }
    catch (e) { console.log(JSON.stringify({ code: e.code, field: e.field, reason: e.reason })); }`;
  const r = node(["-e", script], { WASM_TRAP: "unknown-code" });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { code: "INTERNAL_ERROR", reason: "unexpected failure in the signer (string)" });
});

test("the CLI exits 70 for INTERNAL_ERROR, saying so on stderr", () => {
  const r = node([join(PKG, "dist/cli.cjs"), "token", "--hostname", "db.example.com", "--port", "5432", "--username", "u", "--region", "us-east-1"], CREDS);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr, "rds-iam-edge: INTERNAL_ERROR: unexpected failure in the signer (RuntimeError)\n");
  assert.equal(r.code, 70);
});

test("without the trap, the same calls sign (the preload is what fails them)", () => {
  const r = spawnSync(process.execPath, [join(PKG, "dist/cli.cjs"), "token", "--hostname", "db.example.com", "--port", "5432", "--username", "u", "--region", "us-east-1"], {
    encoding: "utf8", env: { PATH: process.env.PATH, ...CREDS }, timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^db\.example\.com:5432\/\?Action=connect/);
});
