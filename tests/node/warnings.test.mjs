// tokenWarnings(info, now?): the usual mistakes read off a token's fields,
// shared by the CLI's `inspect` and the inspector page. Pure: the same info
// and time give the same warnings; input checked like every other API.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { CASES, cjs, esm, goldenWarnings } from "./helpers.mjs";

const { inspectToken, signToken, tokenWarnings, RdsIamError } = cjs;
const CREDS = { accessKeyId: "AKIDWARN", secretAccessKey: "warn-secret-0123456789" };
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const info = (input) => inspectToken(signToken({ credentials: CREDS, now: T0, ...input }));
const codes = (i, now = T0) => tokenWarnings(i, now).map((w) => w.code);

describe("tokenWarnings", () => {
  test("exported by require and import alike", () => {
    assert.equal(typeof tokenWarnings, "function");
    assert.equal(typeof esm.tokenWarnings, "function");
  });

  test("golden tokens at their signing time: port 443 and botocore's id-less example host warn", () => {
    for (const c of CASES) {
      assert.deepEqual(codes(inspectToken(c.expected_token), c.epoch_ms), goldenWarnings(c), c.id);
    }
  });

  test("region of the endpoint: RDS (commercial, GovCloud, China, upper case), proxies, DSQL; never a guess elsewhere", () => {
    const rds = (hostname, region) => codes(info({ hostname, port: 5432, username: "u", region }));
    assert.deepEqual(rds("db.abc.us-east-1.rds.amazonaws.com", "us-east-1"), []);
    assert.deepEqual(rds("DB.ABC.US-EAST-1.RDS.AMAZONAWS.COM", "us-east-1"), []);
    assert.deepEqual(rds("app.proxy-abc.eu-west-1.rds.amazonaws.com", "us-east-1"), ["REGION_MISMATCH"]);
    assert.deepEqual(rds("db.abc.us-gov-west-1.rds.amazonaws.com", "us-gov-west-1"), []);
    assert.deepEqual(rds("db.abc.rds.cn-north-1.amazonaws.com.cn", "cn-north-1"), []);
    assert.deepEqual(rds("db.abc.rds.cn-north-1.amazonaws.com.cn", "us-east-1"), ["REGION_MISMATCH"]);
    // A database called like a region is not the endpoint's region.
    assert.deepEqual(rds("us-west-2.abc.us-east-1.rds.amazonaws.com", "us-east-1"), []);
    assert.deepEqual(rds("us-west-2.example.com", "us-east-1"), ["NOT_AN_RDS_ENDPOINT"]);
    const dsql = (hostname, region) => codes(info({ service: "dsql", hostname, region }));
    assert.deepEqual(dsql("abc.dsql.eu-west-1.on.aws", "eu-west-1"), []);
    assert.deepEqual(dsql("abc.dsql.eu-west-1.on.aws", "eu-west-2"), ["REGION_MISMATCH"]);
    assert.deepEqual(dsql("dsql.example.com", "eu-west-2"), []);
  });

  test("time: signed in the future (any amount), expired (strictly after expiresAt, as verifyToken)", () => {
    const i = info({ hostname: "db.abc.us-east-1.rds.amazonaws.com", port: 5432, username: "u", region: "us-east-1", expiresIn: 60 });
    assert.deepEqual(codes(i, T0 - 1), ["SIGNED_IN_FUTURE"]);
    assert.deepEqual(codes(i, T0 + 60_000), []);
    assert.deepEqual(codes(i, T0 + 60_001), ["EXPIRED"]);
    assert.deepEqual(codes(i, new Date(T0 + 60_001)), ["EXPIRED"]);
    assert.match(tokenWarnings(i, T0 + 60_000 + 90_061_000)[0].message, /^expired 1d 1h ago \(at 2026-01-15T12:01:00Z\)/);
    // Default: now.
    assert.deepEqual(tokenWarnings(i).map((w) => w.code), ["EXPIRED"]);
  });

  test("messages name fields, never the signature or a session token", () => {
    const token = signToken({
      hostname: "db.example.com", port: 443, username: "u", region: "eu-west-1", now: T0,
      credentials: { ...CREDS, sessionToken: "SESSIONWARNMARKER+/=" },
    });
    const text = JSON.stringify(tokenWarnings(inspectToken(token), T0 + 3_600_000));
    assert.ok(!text.includes("SESSIONWARNMARKER") && !text.includes(token.split("X-Amz-Signature=")[1].slice(0, 16)));
    assert.deepEqual(codes(inspectToken(token), T0 + 3_600_000), ["PORT_443", "NOT_AN_RDS_ENDPOINT", "EXPIRED"]);
  });

  test("input: a TokenInfo-shaped plain object, else INVALID_INPUT naming the field", () => {
    const good = info({ hostname: "db.abc.us-east-1.rds.amazonaws.com", port: 5432, username: "u", region: "us-east-1" });
    for (const [bad, field] of [
      [null, "info"],
      ["token", "info"],
      [{ ...good, service: "s3" }, "info.service"],
      [{ ...good, hostname: 1 }, "info.hostname"],
      [{ ...good, expiresAt: "soon" }, "info.expiresAt"],
      [{ ...good, port: "5432" }, "info.port"],
    ]) {
      assert.throws(() => tokenWarnings(bad, T0), (e) => e instanceof RdsIamError && e.code === "INVALID_INPUT" && e.field === field, field);
    }
    assert.throws(() => tokenWarnings(good, "now"), (e) => e.code === "INVALID_INPUT" && e.field === "now");
  });
});
