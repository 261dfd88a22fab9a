// A runtime that will not run WebAssembly (React Native's Hermes has none; a
// page's Content-Security-Policy can refuse it, see
// tests/bundlers/browser.test.mjs) gets WASM_UNAVAILABLE from every call
// that needs a module, never the engine's own ReferenceError or CompileError.
// Here a child process deletes the WebAssembly global before loading the
// package, or makes compiling throw as a refusing engine does.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { PKG } from "./helpers.mjs";

const INPUT = { hostname: "db.example.com", port: 5432, username: "u", region: "us-east-1", credentials: { accessKeyId: "AKIDNOWASM", secretAccessKey: "no-wasm-secret" } };

/** Runs ES module `script` in a fresh process; returns the JSON it prints. */
function child(script) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { PATH: process.env.PATH }, timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** Runs each API call in a fresh process after `setup`; returns what each threw. */
function outcomes(setup, entry) {
  const script = `
    ${setup}
    const api = await import(${JSON.stringify(join(PKG, entry))});
    const input = ${JSON.stringify(INPUT)};
    const calls = {
      signToken: () => api.signToken({ ...input, now: 0 }),
      TokenSigner: () => new api.TokenSigner(input).sign(0),
      inspectToken: () => api.inspectToken("db.example.com:5432/?Action=connect"),
      verifyToken: () => api.verifyToken("db.example.com:5432/?Action=connect", { secretAccessKey: "x" }),
      authTokenProvider: () => api.authTokenProvider({ ...input, clock: () => 0 })(),
    };
    const out = {};
    for (const [name, call] of Object.entries(calls)) {
      try { await call(); out[name] = "no error"; }
      catch (e) { out[name] = { rds: e instanceof api.RdsIamError, code: e.code, reason: e.reason, secret: String(e.stack).includes("no-wasm-secret") }; }
    }
    console.log(JSON.stringify(out));`;
  return child(script);
}

for (const entry of ["dist/node.mjs", "dist/node.cjs", "dist/browser.mjs", "dist/browser.cjs"]) {
  test(`${entry}: no WebAssembly at all is WASM_UNAVAILABLE from every call`, () => {
    const got = outcomes("delete globalThis.WebAssembly;", entry);
    for (const [name, outcome] of Object.entries(got)) {
      assert.deepEqual(outcome, { rds: true, code: "WASM_UNAVAILABLE", reason: "this runtime has no WebAssembly, which the signer needs", secret: false }, name);
    }
  });
}

// What Chrome throws under such a policy: a CompileError whose message quotes the policy.
const REFUSE = `
  const Refused = function () { throw new WebAssembly.CompileError("Refused to compile or instantiate WebAssembly module because 'unsafe-eval' is not an allowed source of script"); };
  Refused.prototype = WebAssembly.Module.prototype;
  WebAssembly.Module = Refused;`;

test("an engine that refuses to compile (as under a CSP without 'wasm-unsafe-eval') is WASM_UNAVAILABLE, naming only the error's kind", () => {
  const got = outcomes(REFUSE, "dist/node.mjs");
  const expected = {
    rds: true,
    code: "WASM_UNAVAILABLE",
    reason: "this runtime refused to compile or run the signer's WebAssembly (CompileError): a page's Content-Security-Policy must allow 'wasm-unsafe-eval'; Cloudflare Workers need the package's workerd build (wrangler picks it)",
    secret: false,
  };
  for (const [name, outcome] of Object.entries(got)) assert.deepEqual(outcome, expected, name);
});

test("initSync: the signing module's own bytes, refused by the engine, are WASM_UNAVAILABLE (not the caller's input)", () => {
  const script = `
    ${REFUSE}
    const browser = await import(${JSON.stringify(join(PKG, "dist/browser.mjs"))});
    const { readFileSync } = await import("node:fs");
    try { browser.initSync(readFileSync(${JSON.stringify(join(PKG, "wasm/sign.wasm"))})); console.log(JSON.stringify("accepted")); }
    catch (e) { console.log(JSON.stringify({ rds: e instanceof browser.RdsIamError, code: e.code, field: e.field ?? null })); }`;
  assert.deepEqual(child(script), { rds: true, code: "WASM_UNAVAILABLE", field: null });
});

test("initSync: bytes that are not wasm, or another module, are INVALID_INPUT (module); the signing module still signs", async () => {
  const browser = await import(join(PKG, "dist/browser.mjs"));
  const refused = (given, reason) =>
    assert.throws(
      () => browser.initSync(given),
      (e) => e instanceof browser.RdsIamError && e.code === "INVALID_INPUT" && e.field === "module" && e.reason === reason,
    );
  refused(new Uint8Array([0, 97, 115, 109]), "must be a compiled WebAssembly module or its bytes");
  refused({ module: "sign.wasm" }, "must be a compiled WebAssembly module or its bytes");
  refused(null, "must be a compiled WebAssembly module or its bytes");
  refused(readFileSync(join(PKG, "wasm/inspect.wasm")), "is not rds-iam-edge's signing module (wasm/sign.wasm)");
  browser.initSync(readFileSync(join(PKG, "wasm/sign.wasm")));
  assert.match(browser.signToken({ ...INPUT, now: 0 }), /^db\.example\.com:5432\/\?Action=connect&/);
});
