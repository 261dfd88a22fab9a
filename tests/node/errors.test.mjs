// Every error the signing API can raise, with its code and the field as the
// caller spelled it; a seeded hostile-input sweep that must only ever yield
// RdsIamError (never a TypeError, never a masked wasm trap); secret hygiene of
// errors, verdicts and TokenSigner objects.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import util from "node:util";

import { CASES, SIGNABLE, cjs, esm, inputFor, prng } from "./helpers.mjs";

const { signToken, TokenSigner, inspectToken, verifyToken, RdsIamError, ERROR_CODES } = cjs;

const CREDS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const NOW = 1709251199000;
const BASE = {
  rds: { hostname: "db.example.com", port: 5432, username: "app", region: "us-east-1", credentials: CREDS },
  dsql: { service: "dsql", hostname: "abc.dsql.us-east-1.on.aws", region: "us-east-1", credentials: CREDS },
  elasticache: { service: "elasticache", hostname: "my-cache", username: "app", region: "us-east-1", credentials: CREDS },
  memorydb: { service: "memorydb", hostname: "my-cluster", username: "app", region: "us-east-1", credentials: CREDS },
};
const KINDS = Object.keys(BASE);

/** A wasm trap or a JS bug inside the library surfaces as this reason (see js/src/errors.ts). */
const MASKED_FAILURE = /unexpected failure/;

/** Runs `fn`, which must throw an RdsIamError with `code` and `field` (undefined for none). */
function throwsRdsIamError(fn, code, field, label = "") {
  let thrown;
  try {
    const value = fn();
    assert.fail(`${label}: expected ${code}${field ? ` (${field})` : ""}, got ${typeof value === "string" ? value.slice(0, 80) : util.inspect(value)}`);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    thrown = error;
  }
  checkRdsIamError(thrown, label);
  assert.equal(thrown.code, code, `${label}: code (${thrown.message})`);
  assert.equal(thrown.field, field, `${label}: field (${thrown.message})`);
  return thrown;
}

/** What every error of ours must be. */
function checkRdsIamError(error, label = "") {
  assert.ok(error instanceof RdsIamError, `${label}: not an RdsIamError: ${util.inspect(error)}`);
  assert.ok(error instanceof esm.RdsIamError, `${label}: not the ESM RdsIamError`);
  assert.ok(error instanceof Error, label);
  assert.equal(error.name, "RdsIamError", label);
  assert.ok(ERROR_CODES.includes(error.code), `${label}: unknown code ${error.code}`);
  assert.ok(error.field === undefined || typeof error.field === "string", label);
  assert.equal(typeof error.message, "string");
  assert.ok(error.message.startsWith(error.code), `${label}: message ${error.message}`);
  // The reason is the message's text after the code and field.
  assert.equal(typeof error.reason, "string", label);
  assert.equal(error.message, `${error.code}${error.field === undefined ? "" : ` (${error.field})`}: ${error.reason}`, label);
  assert.doesNotMatch(error.message, MASKED_FAILURE, `${label}: a failure inside the signer`);
}

/** The case as signToken input, and (without `now`) as TokenSigner input. */
function withField(kind, path, value) {
  const input = structuredClone(BASE[kind]);
  const [head, tail] = path.split(".");
  const target = tail ? (input[head] = { ...input[head] }) : input;
  const key = tail ?? head;
  if (value === ABSENT) delete target[key];
  else target[key] = value;
  return input;
}
const ABSENT = Symbol("absent");

/** Checks one bad field through signToken and the TokenSigner constructor. */
function bad(kind, path, value, code, field = path) {
  const label = `${kind} ${path}=${describeValue(value)}`;
  throwsRdsIamError(() => signToken({ ...withField(kind, path, value), now: NOW }), code, field, `signToken ${label}`);
  throwsRdsIamError(() => new TokenSigner(withField(kind, path, value)), code, field, `TokenSigner ${label}`);
}

function describeValue(value) {
  if (value === ABSENT) return "<absent>";
  if (typeof value === "string") return JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…(${value.length})` : value);
  if (typeof value === "symbol" || typeof value === "bigint") return String(value) + (typeof value === "bigint" ? "n" : "");
  return util.inspect(value, { breakLength: Infinity });
}

describe("RdsIamError", () => {
  test("class shape: Error subclass, name, code, field; instanceof holds across the require and import builds", () => {
    assert.ok(new esm.RdsIamError("EXPIRED", "x") instanceof RdsIamError);
    assert.ok(new RdsIamError("EXPIRED", "x") instanceof esm.RdsIamError);
    assert.ok(!(new Error("INVALID_PORT") instanceof RdsIamError));
    const e = new RdsIamError("INVALID_PORT", "must be an integer from 1 to 65535", "port");
    assert.ok(e instanceof Error);
    assert.equal(e.name, "RdsIamError");
    assert.equal(e.code, "INVALID_PORT");
    assert.equal(e.field, "port");
    assert.equal(e.message, "INVALID_PORT (port): must be an integer from 1 to 65535");
    assert.equal(String(e), "RdsIamError: INVALID_PORT (port): must be an integer from 1 to 65535");
    assert.equal(e.reason, "must be an integer from 1 to 65535");
    assert.equal(new RdsIamError("EXPIRED", "token has expired").field, undefined);
    assert.equal(new RdsIamError("EXPIRED", "token has expired").reason, "token has expired");
    assert.match(throwsRdsIamError(() => signToken(null), "INVALID_INPUT", undefined).stack, /^RdsIamError: INVALID_INPUT/);
  });
});

describe("signToken and TokenSigner: input errors", () => {
  test("INVALID_INPUT: input that is not an object", () => {
    for (const input of [undefined, null, 0, 1, "rds", "", true, [], [BASE.rds], Symbol("input"), 1n, () => BASE.rds]) {
      throwsRdsIamError(() => signToken(input), "INVALID_INPUT", undefined, `signToken(${describeValue(input)})`);
      throwsRdsIamError(() => new TokenSigner(input), "INVALID_INPUT", undefined, `TokenSigner(${describeValue(input)})`);
    }
    throwsRdsIamError(() => signToken(), "INVALID_INPUT", undefined);
    throwsRdsIamError(() => new TokenSigner(), "INVALID_INPUT", undefined);
  });

  test("INVALID_INPUT: unknown fields, named as spelled", () => {
    for (const key of ["host", "user", "hostName", "Port", "password", "signingService", "expires", "action", "token", "constructor"]) {
      for (const kind of KINDS) bad(kind, key, "x", "INVALID_INPUT", key);
    }
    // Names other signers use point at ours; other unknown names get no guess.
    const hints = { host: "hostname", user: "username", hostName: "hostname", Port: "port", DBHostname: "hostname", DBUsername: "username", region_name: "region", sessionToken: "credentials" };
    for (const [key, meant] of Object.entries(hints)) {
      const e = throwsRdsIamError(() => signToken({ ...BASE.rds, [key]: "x", now: NOW }), "INVALID_INPUT", key);
      assert.match(e.reason, new RegExp(`did you mean ${meant}\\?$`), key);
    }
    for (const key of ["password", "signingService", "token"]) {
      assert.doesNotMatch(throwsRdsIamError(() => signToken({ ...BASE.rds, [key]: "x", now: NOW }), "INVALID_INPUT", key).reason, /did you mean/);
    }
    const polluted = JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(BASE.rds).slice(1)}`);
    throwsRdsIamError(() => signToken(polluted), "INVALID_INPUT", "__proto__");
  });

  test("INVALID_INPUT: `now` belongs to sign(), not to the TokenSigner input", () => {
    for (const now of [NOW, new Date(NOW), 0]) {
      throwsRdsIamError(() => new TokenSigner({ ...BASE.rds, now }), "INVALID_INPUT", "now");
    }
    assert.equal(typeof new TokenSigner({ ...BASE.rds, now: undefined }).sign(NOW), "string");
  });

  test("INVALID_INPUT: wrong types, per field", () => {
    const notStrings = [5, true, {}, ["x"], Symbol("s"), 1n, () => "x", new String("x")];
    for (const value of notStrings) {
      for (const kind of KINDS) {
        bad(kind, "hostname", value, "INVALID_INPUT");
        bad(kind, "region", value, "INVALID_INPUT");
        bad(kind, "service", value, "INVALID_INPUT");
        bad(kind, "credentials.accessKeyId", value, "INVALID_INPUT");
        bad(kind, "credentials.secretAccessKey", value, "INVALID_INPUT");
        bad(kind, "credentials.sessionToken", value, "INVALID_INPUT");
        if (kind !== "dsql") bad(kind, "username", value, "INVALID_INPUT");
      }
    }
    for (const value of [true, {}, [5432], 5432n, new Number(5432), () => 5432, Symbol("p")]) bad("rds", "port", value, "INVALID_INPUT");
    for (const value of ["900", true, {}, [900], 900n, new Number(900), Symbol("e")]) {
      for (const kind of KINDS) bad(kind, "expiresIn", value, "INVALID_INPUT");
    }
    for (const value of ["true", 1, 0, {}, [true], Symbol("b"), new Boolean(true)]) {
      bad("dsql", "admin", value, "INVALID_INPUT");
      bad("elasticache", "serverless", value, "INVALID_INPUT");
    }
    for (const value of ["x", 5, [], Symbol("c"), true]) {
      for (const kind of KINDS) bad(kind, "credentials", value, "INVALID_INPUT");
    }
    // A provider or a Promise: the error points at authTokenProvider.
    for (const value of [() => CREDS, async () => CREDS, Promise.resolve(CREDS)]) {
      for (const kind of KINDS) bad(kind, "credentials", value, "INVALID_CREDENTIALS");
    }
    for (const now of ["1709251199000", true, {}, [NOW], 1n, Symbol("t"), new Number(NOW)]) {
      throwsRdsIamError(() => signToken({ ...BASE.rds, now }), "INVALID_INPUT", "now", `now=${describeValue(now)}`);
      throwsRdsIamError(() => new TokenSigner(BASE.rds).sign(now), "INVALID_INPUT", "now", `sign(${describeValue(now)})`);
    }
  });

  test("INVALID_INPUT: a lone surrogate in any string field (never a silent U+FFFD)", () => {
    checkLoneSurrogates();
  });

  test("INVALID_INPUT: lone surrogates are caught without String.prototype.isWellFormed too (older runtimes)", () => {
    const original = Object.getOwnPropertyDescriptor(String.prototype, "isWellFormed");
    assert.ok(original, "this Node has isWellFormed, so the fallback is otherwise untested");
    delete String.prototype.isWellFormed;
    try {
      checkLoneSurrogates();
      // Well-formed pairs still pass through the fallback.
      assert.equal(typeof signToken({ ...BASE.rds, username: "ok😀🐘", now: NOW }), "string");
    } finally {
      Object.defineProperty(String.prototype, "isWellFormed", original);
    }
  });

  test("NOT_APPLICABLE: a field the kind does not use", () => {
    const uses = { rds: ["port", "username"], dsql: ["admin"], elasticache: ["username", "serverless"], memorydb: ["username"] };
    const sample = { port: 5432, username: "app", admin: true, serverless: true };
    for (const kind of KINDS) {
      for (const field of ["port", "username", "admin", "serverless"]) {
        if (uses[kind].includes(field)) continue;
        bad(kind, field, sample[field], "NOT_APPLICABLE");
        // Even a "neutral" value is refused, not ignored.
        bad(kind, field, { port: "5432", username: "", admin: false, serverless: false }[field], "NOT_APPLICABLE");
      }
    }
    // The ones the brief names.
    bad("dsql", "port", 5432, "NOT_APPLICABLE");
    bad("dsql", "username", "admin", "NOT_APPLICABLE");
    bad("rds", "admin", true, "NOT_APPLICABLE");
    bad("rds", "serverless", true, "NOT_APPLICABLE");
    bad("memorydb", "serverless", false, "NOT_APPLICABLE");
    // null and undefined mean absent.
    for (const absent of [null, undefined]) {
      assert.equal(typeof signToken({ ...BASE.dsql, port: absent, username: absent, serverless: absent, now: NOW }), "string");
      assert.equal(typeof signToken({ ...BASE.rds, admin: absent, serverless: absent, now: NOW }), "string");
    }
  });

  test("INVALID_SERVICE", () => {
    for (const value of ["RDS", "Rds", "s3", "", " rds", "rds-db", "aurora", "redis", "toString", "__proto__", "constructor", "hasOwnProperty"]) {
      bad("rds", "service", value, "INVALID_SERVICE");
    }
  });

  test("INVALID_HOSTNAME", () => {
    for (const kind of KINDS) {
      for (const value of [ABSENT, null, "", "https://db.example.com", "db.example.com/x", "db.example.com?x=1", "db#x", "db.example.com:5432",
        "db example.com", ".db", "-db", "db..example.com", "a".repeat(254), "dé.example.com", "db\0", "user@db", "db\n"]) {
        bad(kind, "hostname", value, "INVALID_HOSTNAME", "hostname");
      }
    }
    assert.equal(typeof signToken({ ...BASE.rds, hostname: "a".repeat(253), now: NOW }), "string");
  });

  test("INVALID_PORT: 0, 65536, 1.5, \"abc\", \"\" and friends; missing for rds", () => {
    for (const value of [ABSENT, null, 0, -0, -1, 65536, 1.5, 5432.0001, NaN, Infinity, -Infinity, 2 ** 53, 1e308, -1e308, 5e-324,
      "abc", "", "0", "00000", "65536", "99999999999", " 5432", "5432 ", "+5432", "-1", "1e3", "0x10", "5_432", "٥٤٣٢", "5432\uD800", "\uD800"]) {
      bad("rds", "port", value, "INVALID_PORT", "port");
    }
    for (const ok of [1, 65535, "1", "65535", "05432", "0000065535"]) {
      assert.equal(typeof signToken({ ...BASE.rds, port: ok, now: NOW }), "string", `port ${describeValue(ok)}`);
    }
  });

  test("INVALID_USERNAME: missing or empty where required", () => {
    for (const kind of ["rds", "elasticache", "memorydb"]) {
      for (const value of [ABSENT, null, undefined, ""]) bad(kind, "username", value, "INVALID_USERNAME", "username");
    }
  });

  test("REGION_UNAVAILABLE: no region, and a hostname that names none (else the endpoint's region)", () => {
    for (const value of [ABSENT, null, undefined]) {
      for (const kind of ["rds", "elasticache", "memorydb"]) bad(kind, "region", value, "REGION_UNAVAILABLE", "region");
      // BASE.dsql's hostname is a DSQL endpoint in us-east-1.
      assert.equal(inspectToken(signToken({ ...withField("dsql", "region", value), now: NOW })).region, "us-east-1");
    }
  });

  test("INVALID_REGION", () => {
    for (const kind of KINDS) {
      for (const value of ["", "US-EAST-1", "us-east1", "useast-1", "us-east-", "1-us-east", "us_east_1", "us east 1", "-us-east-1", "us-east-1-", "us--east-1",
        "a".repeat(33), "us-east-1\0", "üs-east-1", "us-east-1/", "us-east-1a"]) {
        bad(kind, "region", value, "INVALID_REGION", "region");
      }
    }
  });

  test("CREDENTIALS_EXPIRED: credentials whose expiration is at or before the signing time, saying when", () => {
    const expiration = new Date(NOW - 5 * 60_000 - 7000);
    for (const kind of KINDS) {
      const input = { ...BASE[kind], credentials: { ...CREDS, sessionToken: "session", expiration } };
      const e = throwsRdsIamError(() => signToken({ ...input, now: NOW }), "CREDENTIALS_EXPIRED", "credentials");
      assert.equal(e.reason, `expired at ${expiration.toISOString().replace(/\.\d{3}Z$/, "Z")}, 5m 7s before the signing time: fetch fresh credentials`);
      throwsRdsIamError(() => signToken({ ...input, now: expiration }), "CREDENTIALS_EXPIRED", "credentials", "at the expiration itself");
      assert.equal(typeof signToken({ ...input, now: expiration.getTime() - 1 }), "string", "a millisecond before");
      // TokenSigner: checked at each sign(), against that time.
      const signer = new TokenSigner(input);
      assert.equal(typeof signer.sign(expiration.getTime() - 1000), "string");
      throwsRdsIamError(() => signer.sign(NOW), "CREDENTIALS_EXPIRED", "credentials", "TokenSigner.sign");
    }
    // Not a Date (an ISO string from JSON, say): the field is named.
    for (const value of ["2030-01-01T00:00:00Z", 1893456000000, new Date(NaN), {}]) {
      bad("rds", "credentials.expiration", value, "INVALID_CREDENTIALS");
    }
    bad("rds", "credentials.Expiration", new Date(NOW + 60_000), "INVALID_INPUT");
  });

  test("INVALID_CREDENTIALS: credentials and each credential field", () => {
    for (const kind of KINDS) {
      for (const value of [ABSENT, null, undefined]) bad(kind, "credentials", value, "INVALID_CREDENTIALS", "credentials");
      bad(kind, "credentials", {}, "INVALID_CREDENTIALS", "credentials.accessKeyId");
      for (const value of [ABSENT, null, "", "AKID/EXAMPLE", "AK ID", "AKID\n", "ÄKID"]) {
        bad(kind, "credentials.accessKeyId", value, "INVALID_CREDENTIALS");
      }
      for (const value of [ABSENT, null, ""]) bad(kind, "credentials.secretAccessKey", value, "INVALID_CREDENTIALS");
      bad(kind, "credentials.sessionToken", "", "INVALID_CREDENTIALS");
    }
  });

  test("INVALID_EXPIRES_IN: rds and cache kinds 1..900, dsql 1..604800", () => {
    for (const kind of KINDS) {
      const max = kind === "dsql" ? 604800 : 900;
      for (const value of [0, -0, -1, max + 1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, 1e308, 2 ** 32 + 900]) {
        bad(kind, "expiresIn", value, "INVALID_EXPIRES_IN", "expiresIn");
      }
      for (const ok of [1, max]) {
        const token = signToken({ ...withField(kind, "expiresIn", ok), now: NOW });
        assert.equal(inspectToken(token).expiresIn, ok);
      }
    }
  });

  test("INVALID_TIME: now = -1, NaN, Infinity, invalid Date, beyond year 9999", () => {
    const badTimes = [-1, -0.5, -5e-324, NaN, Infinity, -Infinity, new Date(NaN), new Date("not a date"), 253402300800000, 8.64e15, 1e308, -1e308];
    for (const now of badTimes) {
      for (const kind of KINDS) {
        throwsRdsIamError(() => signToken({ ...BASE[kind], now }), "INVALID_TIME", "now", `signToken ${kind} now=${describeValue(now)}`);
        const signer = new TokenSigner(BASE[kind]);
        throwsRdsIamError(() => signer.sign(now), "INVALID_TIME", "now", `sign(${describeValue(now)})`);
        // The signer is still good after a refused time.
        assert.equal(signer.sign(NOW), signToken({ ...BASE[kind], now: NOW }));
      }
      throwsRdsIamError(() => verifyToken(CASES[0].expected_token, { now }), "INVALID_TIME", "now", `verifyToken now=${describeValue(now)}`);
    }
  });
});

function checkLoneSurrogates() {
  const lone = ["\uD800", "\uDFFF", "a\uD800b", "\uDC00\uD800", "ok😀\uD83D", "\uDE00ok", "x".repeat(1000) + "\uDBFF"];
  for (const value of lone) {
    for (const kind of KINDS) {
      for (const path of ["hostname", "region", "service", "credentials.accessKeyId", "credentials.secretAccessKey", "credentials.sessionToken"]) {
        bad(kind, path, value, "INVALID_INPUT");
      }
      if (kind !== "dsql") bad(kind, "username", value, "INVALID_INPUT");
    }
    throwsRdsIamError(() => inspectToken(CASES[0].expected_token + value), "INVALID_TOKEN", "token");
    for (const option of ["username", "hostname", "secretAccessKey"]) {
      throwsRdsIamError(() => verifyToken(CASES[0].expected_token, { [option]: value }), "INVALID_INPUT", option);
    }
    throwsRdsIamError(() => verifyToken(CASES[0].expected_token, { keys: { [CREDS.accessKeyId]: value } }), "INVALID_INPUT", "keys");
    throwsRdsIamError(() => verifyToken(CASES[0].expected_token, { keys: { [value]: "secret" } }), "INVALID_INPUT", "keys");
    const verdict = verifyToken(CASES[0].expected_token + value, { keys: {} });
    assert.deepEqual([verdict.ok, verdict.code], [false, "INVALID_TOKEN"]);
  }
  // A well-formed astral character is not a lone surrogate: it is percent-encoded as UTF-8.
  const token = signToken({ ...BASE.rds, username: "😀", now: NOW });
  assert.match(token, /DBUser=%F0%9F%98%80&/);
  assert.equal(inspectToken(token).username, "😀");
}

describe("inspectToken and verifyToken: errors", () => {
  const token = CASES.find((c) => c.sessionToken && c.kind === "rds").expected_token;

  test("inspectToken: INVALID_TOKEN (field token) for anything that is not a token", () => {
    const garbled = [
      "", "garbage", "db.example.com", "db.example.com:5432/", "db.example.com:5432/?", token.slice(0, 60), token.slice(0, -1) + "&",
      token.replace("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3Bx"), token + "&Extra=1", token + "&Action=connect",
      token.replace("Action=connect", "Action=DbConnect"), token.replace("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1"),
      token.replace(/X-Amz-Date=\w+/, "X-Amz-Date=yesterday"), token.replace(/X-Amz-Expires=\d+/, "X-Amz-Expires=0"),
      token.replace(/X-Amz-Expires=\d+/, "X-Amz-Expires=999999999999999999999"), token.replace("%2F", "%zz"), token.replace("%2F", "%C3%28"),
      token.replace(/X-Amz-Credential=[^&]+/, "X-Amz-Credential=AKID"), token.replace("DBUser=", "DBUser"), "a/?Action=connect",
      "https://" + token, token.replace("/?", "?"), "\0".repeat(10), "%".repeat(1000), "&".repeat(100_000), "x".repeat(1 << 20),
    ];
    for (const value of garbled) {
      throwsRdsIamError(() => inspectToken(value), "INVALID_TOKEN", "token", `inspectToken(${describeValue(value)})`);
    }
    for (const value of [undefined, null, 5, {}, [], Symbol("t"), 1n, new String(token), () => token, true]) {
      throwsRdsIamError(() => inspectToken(value), "INVALID_TOKEN", "token", `inspectToken(${describeValue(value)})`);
    }
    throwsRdsIamError(() => inspectToken(), "INVALID_TOKEN", "token");
  });

  test("verifyToken: bad options throw (INVALID_INPUT / INVALID_PORT / INVALID_TIME)", () => {
    const now = inspectToken(token).signedAt;
    const cases = [
      [null, "INVALID_INPUT", "options"], ["x", "INVALID_INPUT", "options"], [5, "INVALID_INPUT", "options"],
      [{ foo: 1 }, "INVALID_INPUT", "foo"], [{ secret: "x" }, "INVALID_INPUT", "secret"], [{ user: "x" }, "INVALID_INPUT", "user"],
      [{ keys: null }, "INVALID_INPUT", "keys"], [{ keys: "AKID" }, "INVALID_INPUT", "keys"], [{ keys: { AKID: 5 } }, "INVALID_INPUT", "keys"],
      [{ secretAccessKey: 5 }, "INVALID_INPUT", "secretAccessKey"], [{ username: 5 }, "INVALID_INPUT", "username"],
      [{ hostname: {} }, "INVALID_INPUT", "hostname"], [{ hostname: Symbol("h") }, "INVALID_INPUT", "hostname"],
      [{ skewSeconds: "300" }, "INVALID_INPUT", "skewSeconds"], [{ skewSeconds: -1 }, "INVALID_INPUT", "skewSeconds"],
      [{ skewSeconds: 1.5 }, "INVALID_INPUT", "skewSeconds"], [{ skewSeconds: NaN }, "INVALID_INPUT", "skewSeconds"],
      [{ skewSeconds: 2 ** 40 }, "INVALID_INPUT", "skewSeconds"],
      [{ now: "1" }, "INVALID_INPUT", "now"], [{ now: -1 }, "INVALID_TIME", "now"], [{ now: new Date(NaN) }, "INVALID_TIME", "now"],
      [{ port: 0 }, "INVALID_PORT", "port"], [{ port: 65536 }, "INVALID_PORT", "port"], [{ port: 1.5 }, "INVALID_PORT", "port"],
      [{ port: "abc" }, "INVALID_PORT", "port"], [{ port: "" }, "INVALID_PORT", "port"], [{ port: NaN }, "INVALID_PORT", "port"],
    ];
    for (const [options, code, field] of cases) {
      const full = typeof options === "object" && options !== null ? { now, ...options } : options;
      throwsRdsIamError(() => verifyToken(token, full), code, field, `verifyToken options ${describeValue(options)}`);
    }
  });
});

// ---------------------------------------------------------------------------
// The hostile sweep.

const SEED = Number(process.env.SWEEP_SEED ?? 20261125);
const ROUNDS = Number(process.env.SWEEP_ROUNDS ?? 1500);

function hostileValues(r) {
  const ascii = () => Array.from({ length: r.int(40) }, () => String.fromCharCode(32 + r.int(95))).join("");
  const unicode = () => Array.from({ length: r.int(20) }, () => String.fromCodePoint(r.pick([r.int(0x80), r.int(0x800), r.int(0xd800), 0x10000 + r.int(0xfffff), 0xd800 + r.int(0x800)]))).join("");
  return {
    strings: () => r.pick([
      "", " ", "a", "\0", "\uD800", "\uDC00", "😀", "%", "%zz", "%C3%28", "&", "=", "?", "/", ":", "::", "..", "us-east-1",
      "db.example.com", "rds", "dsql", "elasticache", "memorydb", "05432", "5432", "-1", "1e3", "NaN", "constructor", "__proto__",
      "toString", ascii(), ascii(), unicode(), unicode(), "a".repeat(70_000), "x".repeat(1 << 20), "é".repeat(300_000), "/".repeat(1 << 20),
    ]),
    numbers: () => r.pick([
      0, -0, 1, -1, 1.5, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, 5e-324, NaN, Infinity, -Infinity,
      65535, 65536, 900, 901, 604800, 8.64e15, 253402300799999, 253402300800000, NOW, r.next() * 1e13, -r.next() * 1e13,
    ]),
    others: () => r.pick([
      null, undefined, true, false, {}, [], [1, 2], Symbol("s"), 1n, -(2n ** 64n), new Date(NaN), new Date(0), new Date(8.64e15),
      () => 0, Object.create(null), new Number(1), new String("rds"), { toString: () => "rds" }, { valueOf: () => 5432 },
      new Proxy({}, {}), new Map([["hostname", "db"]]), new Uint8Array(4), /re/,
    ]),
  };
}

function sweepValue(r, v, valid) {
  const roll = r.next();
  if (roll < 0.45 && valid !== undefined) return valid;
  if (roll < 0.65) return v.strings();
  if (roll < 0.85) return v.numbers();
  return v.others();
}

/** A valid input of a random kind with 0..4 of its fields replaced or removed, or (rarely) not an object at all. */
function sweepInput(r, v) {
  if (r.next() < 0.04) return sweepValue(r, v);
  const kind = r.pick(KINDS);
  const input = { ...structuredClone(BASE[kind]), now: NOW };
  if (r.next() < 0.5) input.service = kind;
  if (r.next() < 0.3) input.expiresIn = kind === "dsql" ? 604800 : 900;
  if (r.next() < 0.3 && kind === "dsql") input.admin = true;
  if (r.next() < 0.3 && kind === "elasticache") input.serverless = r.next() < 0.5;
  if (r.next() < 0.3) input.credentials.sessionToken = "FwoGZXIvYXdzE/sess+tok=";
  const fields = ["service", "hostname", "port", "username", "region", "credentials", "expiresIn", "now", "admin", "serverless",
    "credentials.accessKeyId", "credentials.secretAccessKey", "credentials.sessionToken", "credentials.accessKeyId", "credentials.secretAccessKey"];
  const changes = [0, 0, 1, 1, 1, 2, 2, 3, 4][r.int(9)];
  for (let i = 0; i < changes; i++) {
    const [head, tail] = r.pick(fields).split(".");
    const target = tail ? (input[head] = input[head] && typeof input[head] === "object" ? { ...input[head] } : {}) : input;
    const key = tail ?? head;
    if (r.next() < 0.15) delete target[key];
    else target[key] = sweepValue(r, v);
  }
  if (r.next() < 0.03) input[r.pick(["host", "user", "extra", "__proto__x"])] = sweepValue(r, v);
  return input;
}

function mutateToken(r, token) {
  const pieces = ["%", "&", "=", "?", "/", ":", "\0", "\uD800", "😀", "a", "0", "%zz", "%FF", "%C3%28", "X-Amz-Date=", "&Action=connect"];
  let t = token;
  for (let i = 0, n = 1 + r.int(3); i < n; i++) {
    const at = r.int(t.length + 1);
    switch (r.int(5)) {
      case 0: t = t.slice(0, at) + r.pick(pieces) + t.slice(at); break;
      case 1: t = t.slice(0, at) + t.slice(at + 1 + r.int(8)); break;
      case 2: t = t.slice(0, at); break;
      case 3: t = t.split("&").sort(() => r.next() - 0.5).join("&"); break;
      default: t = t.slice(0, at) + String.fromCharCode(r.int(0x10000)) + t.slice(at + 1);
    }
  }
  return t;
}

/** How often each code came up in the sweep (reported as a diagnostic). */
const seenCodes = {};

/** Calls `fn`; it may return (checked by `ok`) or throw an RdsIamError, nothing else. */
function onlyRdsIamError(fn, ok, label) {
  let value;
  try {
    value = fn();
  } catch (error) {
    checkRdsIamError(error, label());
    seenCodes[error.code] = (seenCodes[error.code] ?? 0) + 1;
    return undefined;
  }
  ok(value);
  return value;
}

describe("hostile-input sweep", () => {
  test(`signToken, TokenSigner, inspectToken, verifyToken: ${ROUNDS} rounds each (SWEEP_SEED=${SEED})`, (t) => {
    const r = prng(SEED);
    const v = hostileValues(r);
    const tokens = CASES.map((c) => c.expected_token);
    let signed = 0;
    let refused = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const input = sweepInput(r, v);
      const label = () => `round ${round}: ${util.inspect(input, { depth: 3, maxStringLength: 40 })}`;
      const token = onlyRdsIamError(() => signToken(input), (t) => assert.equal(typeof t, "string", label()), label);
      if (token === undefined) refused++;
      else {
        signed++;
        // Whatever we sign, we can read back and verify with its own secret.
        const info = inspectToken(token);
        assert.equal(info.hostname, input.hostname, label());
        const verdict = verifyToken(token, { secretAccessKey: input.credentials.secretAccessKey, now: info.signedAt });
        assert.deepEqual(verdict, { ok: true }, label());
        tokens.push(token);
      }

      if (input && typeof input === "object" && !Array.isArray(input)) {
        const { now, ...rest } = input;
        const signer = onlyRdsIamError(() => new TokenSigner(rest), (s) => assert.ok(s instanceof TokenSigner), label);
        if (signer) {
          const at = sweepValue(r, v, NOW);
          onlyRdsIamError(() => signer.sign(at), (t) => assert.equal(typeof t, "string"), () => `${label()} sign(${describeValue(at)})`);
        }
      }

      const candidate = r.next() < 0.8 ? mutateToken(r, r.pick(tokens)) : sweepValue(r, v);
      const clabel = () => `round ${round}: token ${describeValue(candidate)}`;
      onlyRdsIamError(() => inspectToken(candidate), (info) => assert.equal(typeof info.signedAt, "number", clabel()), clabel);
      const options = r.next() < 0.7
        ? { keys: { [CREDS.accessKeyId]: CREDS.secretAccessKey, akid: "skid" }, now: sweepValue(r, v, NOW), username: sweepValue(r, v, undefined), port: sweepValue(r, v, undefined) }
        : sweepValue(r, v, {});
      onlyRdsIamError(
        () => verifyToken(candidate, options),
        (verdict) => {
          assert.equal(typeof verdict.ok, "boolean", clabel());
          if (!verdict.ok) assert.ok(ERROR_CODES.includes(verdict.code), clabel());
        },
        () => `${clabel()} options ${util.inspect(options, { maxStringLength: 40 })}`,
      );
    }
    t.diagnostic(`signed ${signed}, refused ${refused}; thrown codes ${JSON.stringify(seenCodes)}`);
    assert.ok(signed > ROUNDS / 20, `only ${signed} of ${ROUNDS} inputs signed: the sweep is not reaching the signer`);
    assert.ok(refused > ROUNDS / 2, `only ${refused} of ${ROUNDS} inputs refused`);
    // The instance is not poisoned: every golden case still signs.
    for (const c of SIGNABLE) assert.equal(signToken(inputFor(c)), c.expected_token, c.id);
  });

  test("huge values in every string field: a token or an RdsIamError, never a trap", () => {
    for (const size of [1 << 16, 1 << 20, 1 << 22]) {
      for (const kind of size > 1 << 20 ? ["rds"] : KINDS) {
        for (const path of ["hostname", "username", "region", "service", "credentials.accessKeyId", "credentials.secretAccessKey", "credentials.sessionToken"]) {
          if (path === "username" && kind === "dsql") continue;
          for (const fill of size > 1 << 16 ? ["/", "😀"] : ["a", "/", "é", "😀"]) {
            const value = fill.repeat(size / fill.length);
            const input = { ...withField(kind, path, value), now: NOW };
            const label = () => `${kind} ${path} = ${JSON.stringify(fill)} x ${size / fill.length}`;
            onlyRdsIamError(() => signToken(input), (t) => assert.equal(typeof t, "string"), label);
            onlyRdsIamError(() => new TokenSigner(withField(kind, path, value)).sign(NOW), (t) => assert.equal(typeof t, "string"), label);
          }
        }
      }
    }
    for (const c of SIGNABLE) assert.equal(signToken(inputFor(c)), c.expected_token, c.id);
  });

  // Strings that would exhaust wasm memory are refused before they cross
  // (a trap there once left signToken's key cache locked for good).
  test("a 10 MB session token is refused in JS, and signing goes on", () => {
    const input = { ...BASE.rds, now: NOW };
    const before = signToken(input);
    throwsRdsIamError(
      () => signToken({ ...input, credentials: { ...input.credentials, sessionToken: "/".repeat(1e7) } }),
      "INVALID_CREDENTIALS",
      "credentials.sessionToken",
    );
    assert.equal(signToken(input), before);
  });
});

// ---------------------------------------------------------------------------
// Secret hygiene.

describe("secrets never show", () => {
  const SECRET = "SECRETsecretSECRET1234";
  const SESSION = "SESSIONtoken" + "/+=IQoJb3JpZ2luX2VjEFwaCXVzLWVhc3QtMSJGMEQCIBx".repeat(18);
  const creds = { accessKeyId: "AKIDHYGIENE", secretAccessKey: SECRET, sessionToken: SESSION };
  const good = { ...BASE.rds, credentials: creds };
  const token = signToken({ ...good, now: NOW });
  const signature = token.match(/X-Amz-Signature=([0-9a-f]{64})/)[1];
  const needles = [SECRET, "SECRETsecret", SESSION, "SESSIONtoken", encodeURIComponent(SESSION), token, signature];

  function clean(text, label) {
    for (const needle of needles) assert.ok(!String(text).includes(needle), `${label} shows ${needle.slice(0, 16)}…`);
  }

  function cleanError(error, label) {
    checkRdsIamError(error, label);
    clean(error.message, `${label} message`);
    clean(error.code, `${label} code`);
    clean(error.field, `${label} field`);
    clean(error.stack, `${label} stack`);
    clean(String(error), `${label} String()`);
    clean(util.inspect(error, { showHidden: true, depth: 10 }), `${label} util.inspect`);
    clean(JSON.stringify(error), `${label} JSON.stringify`);
    clean(JSON.stringify(Object.getOwnPropertyDescriptors(error)), `${label} descriptors`);
  }

  function errorOf(fn, label) {
    try {
      fn();
    } catch (error) {
      return error;
    }
    assert.fail(`${label}: no error`);
  }

  test("the session token is long enough to matter", () => {
    assert.ok(SESSION.length >= 800, String(SESSION.length));
    assert.ok(token.length > 1000);
  });

  test("no error from signToken / TokenSigner / inspectToken / verifyToken shows them", () => {
    const inputs = [
      ["port 0", { ...good, port: 0 }], ["bad region", { ...good, region: "US" }], ["unknown field", { ...good, extra: SESSION.length }],
      ["dsql username", { ...good, service: "dsql", port: undefined }], ["rds admin", { ...good, admin: true }],
      ["bad expiresIn", { ...good, expiresIn: 901 }], ["bad akid", { ...good, credentials: { ...creds, accessKeyId: "AK/ID" } }],
      ["secret as hostname", { ...good, hostname: SECRET + "/" }], ["secret as region", { ...good, region: SECRET }],
      ["secret as service", { ...good, service: SECRET }], ["secret as port", { ...good, port: SECRET }],
      ["session as port", { ...good, port: SESSION }], ["secret as expiresIn", { ...good, expiresIn: SECRET }],
      ["session as username (lone surrogate)", { ...good, username: SESSION + "\uD800" }],
      ["lone surrogate in secret", { ...good, credentials: { ...creds, secretAccessKey: SECRET + "\uD800" } }],
      ["lone surrogate in session", { ...good, credentials: { ...creds, sessionToken: SESSION + "\uDC00" } }],
      ["secret as accessKeyId", { ...good, credentials: { ...creds, accessKeyId: SECRET + "/" } }],
      ["session as accessKeyId", { ...good, credentials: { ...creds, accessKeyId: SESSION } }],
      ["token as hostname", { ...good, hostname: token }], ["session as hostname", { ...good, hostname: SESSION }],
      ["credentials as a string", { ...good, credentials: SECRET }],
    ];
    let count = 0;
    for (const [label, input] of inputs) {
      cleanError(errorOf(() => signToken({ ...input, now: NOW }), label), `signToken ${label}`);
      cleanError(errorOf(() => new TokenSigner(input), label), `TokenSigner ${label}`);
      count += 2;
    }
    const signer = new TokenSigner(good);
    for (const now of [-1, NaN, new Date(NaN), SECRET, SESSION]) {
      cleanError(errorOf(() => signer.sign(now), `sign(${describeValue(now)})`), `sign(${describeValue(now)})`);
      cleanError(errorOf(() => signToken({ ...good, now }), "now"), `signToken now=${describeValue(now)}`);
      count += 2;
    }
    const broken = [
      token + "\uD800", token.slice(0, -10), token + "&X=1", token.replace("X-Amz-Date=", "X-Amz-Date=x"),
      token.replace("X-Amz-Security-Token=", "X-Amz-Security-Token=%zz"), token.replace("X-Amz-Security-Token=", "X-Amz-Security-Token=%C3%28"),
      token.replace("Action=connect", "Action=DbConnect"), token.replace(`X-Amz-Signature=${signature}`, `X-Amz-Signature=${signature}${signature}`),
      "https://" + token, SECRET, SESSION,
    ];
    for (const bad of broken) {
      cleanError(errorOf(() => inspectToken(bad), "inspectToken"), `inspectToken(${bad.slice(0, 30)}…)`);
      count++;
    }
    const optionErrors = [
      { keys: { [creds.accessKeyId]: SECRET + "\uD800" } }, { keys: { [SECRET + "\uD800"]: SECRET } }, { secretAccessKey: SECRET + "\uDC00" },
      { secretAccessKey: 5, keys: { [creds.accessKeyId]: SECRET } }, { username: SESSION + "\uD800" },
      { hostname: token + "\uD800" }, { now: SECRET }, { port: SECRET }, { skewSeconds: SECRET }, { now: -1, secretAccessKey: SECRET },
    ];
    for (const options of optionErrors) {
      cleanError(errorOf(() => verifyToken(token, options), "verifyToken"), `verifyToken options ${Object.keys(options)}`);
      count++;
    }
    assert.ok(count > 60);
  });

  test("no verdict of verifyToken shows them", () => {
    const signedAt = inspectToken(token).signedAt;
    const verdicts = [
      verifyToken(token, { keys: { [creds.accessKeyId]: SECRET }, now: signedAt }),
      verifyToken(token, { keys: { [creds.accessKeyId]: SECRET + "x" }, now: signedAt }),
      verifyToken(token, { secretAccessKey: SESSION, now: signedAt }),
      verifyToken(token, { keys: { OTHER: SECRET }, now: signedAt }),
      verifyToken(token, { keys: { [creds.accessKeyId]: SECRET }, now: signedAt + 901_000 }),
      verifyToken(token, { keys: { [creds.accessKeyId]: SECRET }, now: signedAt - 301_000 }),
      verifyToken(token, { keys: { [creds.accessKeyId]: SECRET }, now: signedAt, username: SESSION }),
      verifyToken(token, { keys: { [creds.accessKeyId]: SECRET }, now: signedAt, hostname: "other.example.com" }),
      verifyToken(token.replace(/X-Amz-Signature=(\w)/, (_, c) => `X-Amz-Signature=${c === "a" ? "b" : "a"}`), { keys: { [creds.accessKeyId]: SECRET }, now: signedAt }),
      verifyToken(token + "\uD800", { keys: { [creds.accessKeyId]: SECRET }, now: signedAt }),
      verifyToken(SESSION, { keys: { [creds.accessKeyId]: SECRET }, now: signedAt }),
    ];
    assert.deepEqual(verdicts.map((v) => v.code ?? "ok"), [
      "ok", "SIGNATURE_MISMATCH", "SIGNATURE_MISMATCH", "UNKNOWN_ACCESS_KEY", "EXPIRED", "NOT_YET_VALID", "WRONG_USER", "WRONG_HOST",
      "SIGNATURE_MISMATCH", "INVALID_TOKEN", "INVALID_TOKEN",
    ]);
    for (const verdict of verdicts) {
      clean(JSON.stringify(verdict), "verdict JSON");
      clean(util.inspect(verdict, { showHidden: true, depth: 10 }), "verdict util.inspect");
    }
  });

  test("inspectToken's TokenInfo shows neither the signature nor the session token", () => {
    const info = inspectToken(token);
    assert.equal(info.hasSessionToken, true);
    clean(JSON.stringify(info), "TokenInfo JSON");
    clean(util.inspect(info, { showHidden: true, depth: 10 }), "TokenInfo util.inspect");
  });

  test("a TokenSigner shows nothing under util.inspect, JSON.stringify or its own keys", () => {
    const signer = new TokenSigner(good);
    assert.equal(signer.sign(NOW), token);
    clean(util.inspect(signer, { showHidden: true, depth: 10 }), "util.inspect(signer)");
    clean(util.inspect(signer, { showHidden: true, depth: Infinity, getters: true }), "util.inspect(signer, getters)");
    clean(JSON.stringify(signer), "JSON.stringify(signer)");
    clean(String(signer), "String(signer)");
    clean(JSON.stringify(Reflect.ownKeys(signer).map(String)), "own keys");
    clean(util.inspect(Object.getOwnPropertyDescriptors(signer), { showHidden: true, depth: 10 }), "descriptors");
    clean(util.inspect(Object.getPrototypeOf(signer), { showHidden: true, depth: 10 }), "prototype");
  });
});
