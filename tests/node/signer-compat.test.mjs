// Differential tests against @aws-sdk/rds-signer: for the golden RDS inputs
// and 1,000 random ones, signToken and our drop-in Signer give the SDK's
// token byte for byte under the same frozen clock (node:test's mock timers
// freeze Date for both: the SDK signs with `new Date()`, ours reads
// Date.now()). Then the Signer's own contract: constructor shape, region and
// credential resolution, errors as rejections.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Signer as SdkSigner } from "@aws-sdk/rds-signer";

import { cjs, esm, RDS_CASES, random } from "./wrapper-support.mjs";

const { signToken, Signer, TokenCache, RdsIamError } = cjs;

const REGIONS = ["us-east-1", "us-west-2", "eu-central-2", "ap-southeast-4", "sa-east-1", "us-gov-west-1", "cn-northwest-1", "il-central-1"];
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const ALNUM = `${LOWER}0123456789`;
const KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0234567";
const B64 = `ABCDEFGHIJKLMNOPQRSTUVWXYZ${ALNUM}/+`;
// Usernames: every ASCII printable (SDK and core must agree on escaping
// `+ & # % space ! ' ( ) *` ...), some Latin/CJK and astral code points.
const USER = `${ALNUM}ABCXYZ !"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~éßøΩ中文日本語😀🚀`;

function randomHostname(r, region) {
  const label = () => r.string(ALNUM, 1, 10) + (r.next() < 0.2 ? `-${r.string(ALNUM, 1, 6)}` : "");
  const suffix = region.startsWith("cn-") ? "rds.amazonaws.com.cn" : "rds.amazonaws.com";
  const shapes = [
    () => `${label()}.${label()}.${region}.${suffix}`,
    () => `${label()}.cluster-${label()}.${region}.${suffix}`,
    () => `${label()}.cluster-ro-${label()}.${region}.${suffix}`,
    () => `${label()}.proxy-${label()}.${region}.${suffix}`,
    () => `${label()}_${label()}.internal`,
    () => label(),
  ];
  let host = r.pick(shapes)();
  if (r.next() < 0.1) host = [...host].map((ch) => (r.next() < 0.5 ? ch.toUpperCase() : ch)).join("");
  return host;
}

function randomInput(r) {
  const region = r.pick(REGIONS);
  const credentials = {
    accessKeyId: (r.next() < 0.5 ? "AKIA" : "ASIA") + r.string(KEY, 16, 16),
    secretAccessKey: r.string(B64, 40, 40),
  };
  if (r.next() < 0.5) credentials.sessionToken = r.string(`${B64}=`, 16, 1200);
  return {
    hostname: randomHostname(r, region),
    port: r.next() < 0.3 ? r.pick([5432, 3306, 443, 80, 1, 65535]) : 1 + r.int(65535),
    username: r.string(USER, 1, 24),
    region,
    credentials,
    // 2000-01-01 .. 2099-12-31, with milliseconds (both sides truncate them)
    now: 946684800000 + r.int(3155760000) * 1000 + r.int(1000),
  };
}

function goldenInput(c) {
  const credentials = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey };
  if (c.sessionToken) credentials.sessionToken = c.sessionToken;
  return { hostname: c.host, port: c.port, username: c.user, region: c.region, credentials, now: c.epoch_ms };
}

/** The SDK's token, our signToken's, and our Signer's, all under one frozen Date. */
async function threeTokens(t, input, cache) {
  const { now, ...fields } = input;
  t.mock.timers.setTime(now);
  const sdk = await new SdkSigner(fields).getAuthToken();
  const ours = signToken(input);
  const signer = await new Signer({ ...fields, cache }).getAuthToken();
  return { sdk, ours, signer };
}

describe("differential: @aws-sdk/rds-signer", () => {
  test(`the ${RDS_CASES.length} golden RDS inputs`, async (t) => {
    assert.equal(RDS_CASES.length, 32);
    t.mock.timers.enable({ apis: ["Date"], now: 0 });
    const cache = new TokenCache();
    for (const c of RDS_CASES) {
      const { sdk, ours, signer } = await threeTokens(t, goldenInput(c), cache);
      assert.equal(sdk, c.expected_token, `${c.id}: the SDK disagrees with its own golden token`);
      assert.equal(ours, sdk, `${c.id}: signToken`);
      assert.equal(signer, sdk, `${c.id}: Signer.getAuthToken`);
    }
  });

  test("1,000 random RDS inputs (seeded)", async (t) => {
    t.mock.timers.enable({ apis: ["Date"], now: 0 });
    const r = random(0x5eed_0005);
    const cache = new TokenCache({ maxEntries: 2000 });
    const seen = { session: 0, upper: 0, port443: 0, astral: 0 };
    for (let i = 0; i < 1000; i++) {
      const input = randomInput(r);
      const { sdk, ours, signer } = await threeTokens(t, input, cache);
      const where = `case ${i}: ${JSON.stringify({ ...input, credentials: undefined })}`;
      assert.equal(ours, sdk, `signToken, ${where}`);
      assert.equal(signer, sdk, `Signer.getAuthToken, ${where}`);
      if (input.credentials.sessionToken) seen.session++;
      if (/[A-Z]/.test(input.hostname)) seen.upper++;
      if (input.port === 443) seen.port443++;
      if (/[\u{10000}-\u{10FFFF}]/u.test(input.username)) seen.astral++;
    }
    // The sweep really covered the awkward corners.
    for (const [what, n] of Object.entries(seen)) assert.ok(n > 0, `no case with ${what}`);
  });

  test("a Signer given an SDK-style async provider matches the SDK given the same provider", async (t) => {
    t.mock.timers.enable({ apis: ["Date"], now: Date.UTC(2025, 0, 2, 3, 4, 5, 678) });
    const provider = async () => ({ accessKeyId: "ASIAPROVIDER0000001", secretAccessKey: "s3cr3t/+key", sessionToken: "tok/en+=" });
    const fields = { hostname: "proxy.proxy-x1.eu-west-1.rds.amazonaws.com", port: 3306, username: "app", region: "eu-west-1", credentials: provider };
    const sdk = await new SdkSigner(fields).getAuthToken();
    assert.equal(await new Signer({ ...fields, cache: new TokenCache() }).getAuthToken(), sdk);
  });
});

describe("Signer", () => {
  test("require and import are separate builds, each with its one default cache", () => {
    assert.equal(typeof esm.Signer, "function");
    assert.ok(cjs.TokenCache.default instanceof TokenCache);
    assert.ok(esm.TokenCache.default instanceof esm.TokenCache);
    assert.equal(cjs.TokenCache.default, cjs.TokenCache.default);
  });

  test("getAuthToken comes from the cache while the token is usable", async (t) => {
    t.mock.timers.enable({ apis: ["Date"], now: Date.UTC(2025, 0, 1) });
    const events = [];
    const signer = new Signer({
      hostname: "h.example.com", port: 5432, username: "u", region: "us-east-1",
      credentials: { accessKeyId: "AKIDSIGNER", secretAccessKey: "x" }, cache: new TokenCache(), onEvent: (e) => events.push(e.type),
    });
    const first = await signer.getAuthToken();
    t.mock.timers.tick(5 * 60 * 1000);
    assert.equal(await signer.getAuthToken(), first);
    assert.deepEqual(events, ["sign"]);
  });

  test("the constructor never throws; bad configurations reject from getAuthToken", async () => {
    const cases = [
      [undefined, "INVALID_INPUT", "configuration"],
      [{ hostname: "h", port: 0, username: "u", region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } }, "INVALID_PORT", "port"],
      [{ hostname: "h", port: 1, username: "u", region: "us-east-1", profile: 5 }, "INVALID_INPUT", "profile"],
      [{ hostname: "h", port: 1, username: "u", region: "us-east-1", service: "dsql" }, "INVALID_INPUT", "service"],
    ];
    for (const [config, code, field] of cases) {
      const signer = new Signer(config);
      await assert.rejects(signer.getAuthToken(), (e) => e instanceof RdsIamError && e.code === code && e.field === field);
    }
  });

  test("sha256 is accepted and has no effect", async (t) => {
    t.mock.timers.enable({ apis: ["Date"], now: Date.UTC(2025, 0, 1) });
    const fields = { hostname: "h.example.com", port: 5432, username: "u", region: "us-east-1", credentials: { accessKeyId: "AKIDSHA", secretAccessKey: "x" } };
    const token = await new Signer({ ...fields, sha256: class {}, cache: new TokenCache() }).getAuthToken();
    assert.equal(token, await new SdkSigner(fields).getAuthToken());
  });

  test("region: AWS_REGION, then AWS_DEFAULT_REGION, else REGION_UNAVAILABLE", async (t) => {
    const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };
    t.after(() => {
      for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
    });
    const make = () =>
      new Signer({ hostname: "h.example.com", port: 5432, username: "u", credentials: { accessKeyId: "AKIDREGION", secretAccessKey: "x" }, cache: new TokenCache() });
    const regionOf = async () => cjs.inspectToken(await make().getAuthToken()).region;

    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    await assert.rejects(make().getAuthToken(), (e) => e.code === "REGION_UNAVAILABLE" && e.field === "region");
    process.env.AWS_DEFAULT_REGION = "eu-north-1";
    assert.equal(await regionOf(), "eu-north-1");
    process.env.AWS_REGION = "ap-south-2";
    assert.equal(await regionOf(), "ap-south-2");
  });

  test("missing credentials mean the default chain in Node (the environment first)", async (t) => {
    const names = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION", "AWS_PROFILE",
      "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
      "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_EC2_METADATA_DISABLED"];
    const saved = Object.fromEntries(names.map((k) => [k, process.env[k]]));
    t.after(() => {
      for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
    });
    for (const k of names) delete process.env[k];
    // Nothing else in the chain may answer: no shared files, no IMDS.
    Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials", AWS_CONFIG_FILE: "/nonexistent/config", AWS_EC2_METADATA_DISABLED: "true" });
    const make = () => new Signer({ hostname: "h.example.com", port: 5432, username: "u", region: "us-east-1", cache: new TokenCache() });
    await assert.rejects(make().getAuthToken(), (e) => e.code === "CREDENTIALS_UNAVAILABLE");

    t.mock.timers.enable({ apis: ["Date"], now: Date.UTC(2025, 6, 1) });
    process.env.AWS_ACCESS_KEY_ID = "ASIAFROMENVIRONMENT";
    process.env.AWS_SECRET_ACCESS_KEY = "envsecret";
    process.env.AWS_SESSION_TOKEN = "envsession";
    const sdk = await new SdkSigner({
      hostname: "h.example.com", port: 5432, username: "u", region: "us-east-1",
      credentials: { accessKeyId: "ASIAFROMENVIRONMENT", secretAccessKey: "envsecret", sessionToken: "envsession" },
    }).getAuthToken();
    assert.equal(await make().getAuthToken(), sdk);
  });
});
