// The built package (pkg/) in Node: every golden token, by every entry
// (require, import by path, import/require by package name), through
// signToken and TokenSigner; inspectToken's TokenInfo; verifyToken's verdicts.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { join } from "node:path";

import { Signer as SdkSigner } from "@aws-sdk/rds-signer";
import { CASES, PKG, REFUSED, SIGNABLE, cjs, esm, expectedInfo, inputFor, loadByName } from "./helpers.mjs";

const API = ["signToken", "TokenSigner", "inspectToken", "verifyToken", "RdsIamError", "ERROR_CODES"];
const ERROR_CODES = [
  "INVALID_INPUT", "INVALID_SERVICE", "INVALID_HOSTNAME", "INVALID_PORT", "INVALID_USERNAME", "INVALID_REGION",
  "INVALID_CREDENTIALS", "INVALID_EXPIRES_IN", "INVALID_TIME", "NOT_APPLICABLE", "INVALID_TOKEN",
  "SIGNATURE_MISMATCH", "EXPIRED", "NOT_YET_VALID", "WRONG_USER", "WRONG_HOST", "UNKNOWN_ACCESS_KEY",
  "CREDENTIALS_UNAVAILABLE", "CREDENTIALS_EXPIRED", "REGION_UNAVAILABLE", "PROVIDER_FAILED", "TIMEOUT", "HTTP_ERROR",
  "INTERNAL_ERROR", "WASM_UNAVAILABLE",
];

let byName;
before(async () => {
  byName = await loadByName();
});
after(() => byName?.cleanup());

describe("entries", () => {
  test("the golden file has the 48 cases its README promises", () => {
    assert.equal(CASES.length, 48);
    const counts = {};
    for (const c of CASES) counts[c.kind] = (counts[c.kind] ?? 0) + 1;
    assert.deepEqual(counts, { rds: 32, dsql: 10, elasticache: 4, memorydb: 2 });
  });

  test("require and import expose the whole signing API", () => {
    for (const mod of [cjs, esm]) {
      for (const name of API) assert.ok(name in mod, `missing export ${name}`);
      assert.equal(typeof mod.signToken, "function");
      assert.equal(typeof mod.TokenSigner, "function");
    }
    assert.deepEqual([...cjs.ERROR_CODES], ERROR_CODES);
  });

  test("ESM and CJS are two real builds with the same exports", () => {
    const names = Object.keys(cjs).filter((n) => n !== "default" && n !== "__esModule").sort();
    assert.deepEqual(Object.keys(esm).filter((n) => n !== "default").sort(), names);
    for (const name of names) assert.equal(typeof esm[name], typeof cjs[name], name);
    assert.notEqual(esm.signToken, cjs.signToken, "the ESM entry is not a wrapper of the CommonJS one");
  });

  test("by package name: the exports map picks node.mjs for import and node.cjs for require", () => {
    assert.equal(new URL(byName.importPath).pathname, join(PKG, "dist/node.mjs"));
    assert.equal(byName.requirePath, join(PKG, "dist/node.cjs"));
    for (const name of API) {
      assert.equal(byName.imported[name], esm[name], `import ${name}`);
      assert.equal(byName.required[name], cjs[name], `require ${name}`);
    }
  });
});

describe("golden tokens", () => {
  test("golden inputs that break a kind's naming rules are refused, naming the field", () => {
    assert.ok(Object.keys(REFUSED).length > 0);
    for (const [id, { code, field }] of Object.entries(REFUSED)) {
      const c = CASES.find((k) => k.id === id);
      for (const sign of [() => cjs.signToken(inputFor(c)), () => new cjs.TokenSigner(inputFor(c, { withNow: false })).sign(c.epoch_ms)]) {
        assert.throws(sign, (error) => error.name === "RdsIamError" && error.code === code && error.field === field, id);
      }
    }
  });

  for (const c of SIGNABLE) {
    test(`${c.id} (${c.kind})`, () => {
      const input = inputFor(c);
      for (const [label, mod] of [["cjs", cjs], ["esm", esm], ["by name", byName.imported]]) {
        assert.equal(mod.signToken(input), c.expected_token, `signToken via ${label}`);
      }
      const signer = new cjs.TokenSigner(inputFor(c, { withNow: false }));
      assert.equal(signer.sign(c.epoch_ms), c.expected_token, "TokenSigner.sign(number)");
      assert.equal(signer.sign(new Date(c.epoch_ms)), c.expected_token, "TokenSigner.sign(Date)");
      assert.equal(cjs.signToken({ ...input, now: new Date(c.epoch_ms) }), c.expected_token, "signToken now: Date");
      // The signer is reusable: another time, then this one again.
      const other = signer.sign(c.epoch_ms + 61_000);
      assert.notEqual(other, c.expected_token);
      assert.equal(other, cjs.signToken({ ...input, now: c.epoch_ms + 61_000 }));
      assert.equal(signer.sign(c.epoch_ms), c.expected_token, "TokenSigner.sign after another time");
    });
  }

  test("each golden token signs the same through a fresh input object (no state carried over)", () => {
    const tokens = SIGNABLE.map((c) => cjs.signToken(structuredClone(inputFor(c))));
    assert.deepEqual(tokens, SIGNABLE.map((c) => c.expected_token));
  });

  test("defaults: expiresIn 900, admin false, serverless false, service rds", () => {
    for (const c of SIGNABLE) {
      const input = inputFor(c);
      if (c.expiresIn === 900) {
        const { expiresIn, ...rest } = input;
        assert.equal(cjs.signToken(rest), c.expected_token, `${c.id} without expiresIn`);
      }
      if (c.kind === "dsql" && c.action === "DbConnect") {
        assert.equal(cjs.signToken({ ...input, admin: false }), c.expected_token, `${c.id} admin: false`);
      }
      if (c.kind === "rds") {
        const { service, ...rest } = input;
        assert.equal(cjs.signToken(rest), c.expected_token, `${c.id} without service`);
      }
      if (c.kind === "elasticache" && !c.serverless) {
        const { serverless, ...rest } = input;
        assert.equal(cjs.signToken(rest), c.expected_token, `${c.id} without serverless`);
      }
      if (c.sessionToken === null) {
        const withNull = { ...input, credentials: { ...input.credentials, sessionToken: undefined } };
        assert.equal(cjs.signToken(withNull), c.expected_token, `${c.id} sessionToken: undefined`);
      }
    }
  });

  test('port as a decimal string: "05432" signs like 5432', () => {
    for (const c of CASES.filter((c) => c.kind === "rds")) {
      const input = inputFor(c);
      assert.equal(cjs.signToken({ ...input, port: String(c.port) }), c.expected_token, c.id);
      assert.equal(cjs.signToken({ ...input, port: String(c.port).padStart(5, "0") }), c.expected_token, c.id);
    }
    const c = CASES.find((c) => c.kind === "rds" && c.port === 5432);
    assert.equal(cjs.signToken({ ...inputFor(c), port: "05432" }), c.expected_token);
    assert.equal(new cjs.TokenSigner({ ...inputFor(c, { withNow: false }), port: "05432" }).sign(c.epoch_ms), c.expected_token);
  });
});

describe("time", () => {
  const c = CASES.find((c) => c.id === "rds-040"); // signed at .999 s

  test("milliseconds truncate to the second (1709251199999 -> 1709251199000)", () => {
    assert.equal(c.epoch_ms, 1709251199999);
    const token = cjs.signToken(inputFor(c));
    assert.equal(token, c.expected_token);
    assert.equal(token, cjs.signToken({ ...inputFor(c), now: 1709251199000 }));
    assert.equal(cjs.inspectToken(token).signedAt, 1709251199000);
    const signer = new cjs.TokenSigner(inputFor(c, { withNow: false }));
    assert.equal(signer.sign(1709251199999), token);
    assert.equal(signer.sign(1709251199000.5), token);
    assert.equal(signer.sign(new Date(1709251199999)), token);
    assert.notEqual(signer.sign(1709251200000), token);
  });

  test("now defaults to Date.now() (signToken, sign(), sign(undefined), sign(null))", () => {
    const input = inputFor(c, { withNow: false });
    const signer = new cjs.TokenSigner(input);
    const tokens = [cjs.signToken(input), cjs.signToken({ ...input, now: undefined }), signer.sign(), signer.sign(undefined), signer.sign(null)];
    for (const token of tokens) {
      const { signedAt, expiresAt } = cjs.inspectToken(token);
      assert.ok(Math.abs(signedAt - Date.now()) < 5_000, `signedAt ${signedAt} vs Date.now() ${Date.now()}`);
      assert.equal(signedAt % 1000, 0);
      assert.equal(expiresAt, signedAt + 900_000);
    }
  });

  test("the edges of the representable range sign (1970-01-01, 9999-12-31T23:59:59.999Z)", () => {
    const input = inputFor(c, { withNow: false });
    assert.equal(cjs.inspectToken(cjs.signToken({ ...input, now: 0 })).signedAt, 0);
    assert.equal(cjs.inspectToken(cjs.signToken({ ...input, now: -0 })).signedAt, 0);
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    const token = cjs.signToken({ ...input, now: last });
    assert.match(token, /X-Amz-Date=99991231T235959Z/);
    assert.equal(cjs.inspectToken(token).signedAt, last - 999);
  });
});

describe("inspectToken", () => {
  for (const c of CASES) {
    test(`${c.id}: TokenInfo`, () => {
      const info = cjs.inspectToken(c.expected_token);
      assert.deepEqual(info, expectedInfo(c));
      assert.deepEqual(Object.keys(info).sort(), Object.keys(expectedInfo(c)).sort());
      // Never the signature or the session token.
      const shown = JSON.stringify(info);
      assert.ok(!shown.includes(c.expected_signature), "signature shown");
      if (c.sessionToken) assert.ok(!shown.includes(c.sessionToken), "session token shown");
    });
  }
});

describe("verifyToken", () => {
  test("an empty secret is no key: a token anyone can sign with one never verifies", async () => {
    const forged = await new SdkSigner({
      hostname: "db.example.com", port: 5432, username: "app_user", region: "us-east-1",
      credentials: { accessKeyId: "AKIDFORGED", secretAccessKey: "" },
    }).getAuthToken();
    for (const options of [{ keys: { AKIDFORGED: "" } }, { secretAccessKey: "" }]) {
      const result = cjs.verifyToken(forged, { ...options, now: Date.now() });
      assert.equal(result.ok, false, JSON.stringify(result));
    }
  });

  const keysFor = (c) => ({ keys: { [c.accessKeyId]: c.secretAccessKey } });
  const expiresAtOf = (c) => expectedInfo(c).expiresAt;

  for (const c of CASES) {
    test(`${c.id}: ok, and each failure with its code`, () => {
      const token = c.expected_token;
      const now = c.epoch_ms + 1000;
      const verify = (t, options) => cjs.verifyToken(t, { ...keysFor(c), now, ...options });
      const fails = (code, t, options) => {
        const result = verify(t, options);
        assert.equal(result.ok, false, `${code}: ${JSON.stringify(result)}`);
        assert.equal(result.code, code);
        assert.equal(typeof result.reason, "string");
        assert.ok(result.reason.length > 0);
        assert.ok(!result.reason.includes(c.secretAccessKey) || c.secretAccessKey.length < 8);
      };

      assert.deepEqual(cjs.verifyToken(token, { ...keysFor(c), now }), { ok: true });
      assert.deepEqual(esm.verifyToken(token, { ...keysFor(c), now: new Date(now) }), { ok: true });
      assert.deepEqual(cjs.verifyToken(token, { secretAccessKey: c.secretAccessKey, now }), { ok: true });
      assert.deepEqual(verify(token, { hostname: c.host, ...(c.user ? { username: c.user } : {}) }), { ok: true });
      assert.deepEqual(verify(token, { hostname: c.host.toUpperCase() }), { ok: true }, "host is case-insensitive");
      if (c.port) assert.deepEqual(verify(token, { port: c.port }), { ok: true });
      if (c.port) assert.deepEqual(verify(token, { port: String(c.port) }), { ok: true });

      // The signature, or anything it covers, changed.
      const sig = c.expected_signature;
      const flipped = sig.slice(0, -1) + (sig.endsWith("0") ? "1" : "0");
      fails("SIGNATURE_MISMATCH", token.replace(sig, flipped));
      fails("SIGNATURE_MISMATCH", token.replace(`X-Amz-Expires=${c.expiresIn}`, `X-Amz-Expires=${c.expiresIn - 1}`));
      fails("SIGNATURE_MISMATCH", token, { keys: { [c.accessKeyId]: c.secretAccessKey + "x" } });
      fails("SIGNATURE_MISMATCH", token, { keys: undefined, secretAccessKey: "not-the-secret" });

      // The validity window: [signedAt - skew, expiresAt].
      const expiresAt = expiresAtOf(c);
      assert.deepEqual(verify(token, { now: expiresAt }), { ok: true }, "valid up to expiresAt");
      fails("EXPIRED", token, { now: expiresAt + 1 });
      fails("EXPIRED", token, { now: expiresAt + 86_400_000 });
      const signedAt = expectedInfo(c).signedAt;
      if (signedAt >= 301_000) {
        assert.deepEqual(verify(token, { now: signedAt - 300_000 }), { ok: true }, "300 s of skew allowed");
        fails("NOT_YET_VALID", token, { now: signedAt - 301_000 });
        fails("NOT_YET_VALID", token, { now: signedAt - 1000, skewSeconds: 0 });
      }

      if (c.user) fails("WRONG_USER", token, { username: c.user + "x" });
      fails("WRONG_USER", token, { username: "someone-else" });
      fails("WRONG_HOST", token, { hostname: "other." + c.host });
      if (c.port) fails("WRONG_HOST", token, { port: c.port === 65535 ? 65534 : c.port + 1 });
      fails("UNKNOWN_ACCESS_KEY", token, { keys: { [c.accessKeyId + "X"]: c.secretAccessKey } });
      fails("UNKNOWN_ACCESS_KEY", token, { keys: {} });
    });
  }

  test("a malformed token is a verdict (INVALID_TOKEN), not a throw", () => {
    const c = CASES[0];
    for (const bad of ["", "garbage", c.expected_token.slice(0, 40), 42, null, undefined, c.expected_token + "\uD800"]) {
      const result = cjs.verifyToken(bad, { ...keysFor(c), now: c.epoch_ms });
      assert.equal(result.ok, false);
      assert.equal(result.code, "INVALID_TOKEN");
    }
  });
});
