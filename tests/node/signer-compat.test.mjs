// Differential tests against @aws-sdk/rds-signer: for the golden RDS inputs
// and 1,000 random ones, signToken and our drop-in Signer give the SDK's
// token byte for byte under the same frozen clock (node:test's mock timers
// freeze Date for both: the SDK signs with `new Date()`, ours reads
// Date.now()). Then the Signer's own contract: constructor shape, region and
// credential resolution, errors as rejections.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Signer as SdkSigner } from "@aws-sdk/rds-signer";

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { cjs, esm, RDS_CASES, random } from "./wrapper-support.mjs";

const REGION_ENV = ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"];

/** No region from the environment or the shared files until the test sets one; restored after. */
function isolateRegion(t) {
  const saved = Object.fromEntries(REGION_ENV.map((k) => [k, process.env[k]]));
  t.after(() => {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  });
  for (const k of REGION_ENV) delete process.env[k];
  Object.assign(process.env, { AWS_CONFIG_FILE: "/nonexistent/config", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials" });
}

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

// Access key ids as IAM and the SDKs' own vectors spell them, and any 1-128
// printable ASCII characters but "/" (it ends the credential scope's first part).
const ODD_KEY_IDS = ["ACCESS_KEY", "access_key", "test_id", "access-key", "AKID.EXAMPLE", "a"];
const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).filter((ch) => ch !== "/").join("");

function randomKeyId(r) {
  const roll = r.next();
  if (roll < 0.1) return r.pick(ODD_KEY_IDS);
  if (roll < 0.25) return r.string(PRINTABLE, 1, 128);
  return (r.next() < 0.5 ? "AKIA" : "ASIA") + r.string(KEY, 16, 16);
}

function randomInput(r) {
  const region = r.pick(REGIONS);
  const credentials = {
    accessKeyId: randomKeyId(r),
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

/** SignerConfig keys beyond ours that SDK users pass (both signers ignore them), and expiresIn above 900 (both sign for 900). */
function randomExtras(r) {
  const extras = {};
  if (r.next() < 0.3) extras.logger = console;
  if (r.next() < 0.2) extras.runtime = r.pick(["node", "browser", "react-native"]);
  if (r.next() < 0.2) extras.customUserAgent = r.string(ALNUM, 1, 12);
  if (r.next() < 0.2) extras.maxAttempts = 1 + r.int(5);
  if (r.next() < 0.1) extras[`future${r.string(LOWER, 1, 6)}`] = { any: "value" };
  if (r.next() < 0.2) extras.expiresIn = 901 + r.int(604800);
  return extras;
}

/** The SDK's token, our signToken's, and our Signer's, all under one frozen Date (`extras` go to both Signers). */
async function threeTokens(t, input, cache, extras = {}) {
  const { now, ...fields } = input;
  t.mock.timers.setTime(now);
  const sdk = await new SdkSigner({ ...fields, ...extras }).getAuthToken();
  const ours = signToken(input);
  const signer = await new Signer({ ...fields, ...extras, cache }).getAuthToken();
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
    const seen = { session: 0, upper: 0, port443: 0, astral: 0, extraKeys: 0, longExpiresIn: 0, oddKeyId: 0 };
    for (let i = 0; i < 1000; i++) {
      const input = randomInput(r);
      const extras = randomExtras(r);
      const { sdk, ours, signer } = await threeTokens(t, input, cache, extras);
      const where = `case ${i}: ${JSON.stringify({ ...input, credentials: undefined, extras: Object.keys(extras) })}`;
      assert.equal(ours, sdk, `signToken, ${where}`);
      assert.equal(signer, sdk, `Signer.getAuthToken, ${where}`);
      if (input.credentials.sessionToken) seen.session++;
      if (/[A-Z]/.test(input.hostname)) seen.upper++;
      if (input.port === 443) seen.port443++;
      if (/[\u{10000}-\u{10FFFF}]/u.test(input.username)) seen.astral++;
      if (Object.keys(extras).some((k) => k !== "expiresIn")) seen.extraKeys++;
      if (extras.expiresIn) seen.longExpiresIn++;
      if (!/^A[KS]IA/.test(input.credentials.accessKeyId)) seen.oddKeyId++;
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

  test("region as the JS SDK resolves it: AWS_REGION, then the profile, never AWS_DEFAULT_REGION", async (t) => {
    isolateRegion(t);
    const dir = mkdtempSync(join(tmpdir(), "rds-iam-edge-signer-region-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const fields = { hostname: "h.example.com", port: 5432, username: "u", credentials: { accessKeyId: "AKIDREGION", secretAccessKey: "x" } };
    const ours = () => new Signer({ ...fields, cache: new TokenCache() }).getAuthToken();
    const sdk = () => new SdkSigner(fields).getAuthToken();
    t.mock.timers.enable({ apis: ["Date"], now: Date.UTC(2025, 0, 1) });

    process.env.AWS_DEFAULT_REGION = "eu-north-1"; // read by neither
    await assert.rejects(ours(), (e) => e.code === "REGION_UNAVAILABLE" && e.field === "region" && !/AWS_DEFAULT_REGION/.test(e.message));
    await assert.rejects(sdk(), /[Rr]egion/);

    // The profile's region (AWS_CONFIG_FILE, AWS_PROFILE, or the profile option), as the SDK reads it.
    writeFileSync(join(dir, "config"), "[default]\nregion = ap-south-2\n[profile dev]\nregion = eu-south-2\n");
    process.env.AWS_CONFIG_FILE = join(dir, "config");
    assert.equal(cjs.inspectToken(await ours()).region, "ap-south-2");
    assert.equal(await ours(), await sdk());
    const dev = { ...fields, profile: "dev" };
    assert.equal(cjs.inspectToken(await new Signer({ ...dev, cache: new TokenCache() }).getAuthToken()).region, "eu-south-2");
    assert.equal(await new Signer({ ...dev, cache: new TokenCache() }).getAuthToken(), await new SdkSigner(dev).getAuthToken());

    process.env.AWS_REGION = "ca-west-1"; // before the profile
    assert.equal(cjs.inspectToken(await ours()).region, "ca-west-1");
    assert.equal(await ours(), await sdk());
  });

  test("an endpoint's own region comes first (the SDK would sign for AWS_REGION, a token RDS refuses)", async (t) => {
    isolateRegion(t);
    process.env.AWS_REGION = "us-east-1";
    const signer = new Signer({
      hostname: "db.abc123.eu-west-1.rds.amazonaws.com", port: 5432, username: "u",
      credentials: { accessKeyId: "AKIDREGION", secretAccessKey: "x" }, cache: new TokenCache(),
    });
    assert.equal(cjs.inspectToken(await signer.getAuthToken()).region, "eu-west-1");
  });

  test("a given region unlike the endpoint's is signed as given and reported through onEvent", async (t) => {
    t.mock.timers.enable({ apis: ["Date"], now: Date.UTC(2025, 0, 1) });
    const events = [];
    const fields = { hostname: "db.abc123.eu-west-1.rds.amazonaws.com", port: 5432, username: "u", region: "us-east-1", credentials: { accessKeyId: "AKIDREGION", secretAccessKey: "x" } };
    const token = await new Signer({ ...fields, cache: new TokenCache(), onEvent: (e) => events.push(e) }).getAuthToken();
    assert.equal(token, await new SdkSigner(fields).getAuthToken());
    const warnings = events.filter((e) => e.type === "warning");
    assert.deepEqual(warnings.map((e) => [e.code, e.region, e.hostname]), [["REGION_MISMATCH", "us-east-1", fields.hostname]]);
    assert.match(warnings[0].message, /eu-west-1/);
  });

  test("every other SignerConfig key is accepted and ignored, as the SDK ignores it", async (t) => {
    t.mock.timers.enable({ apis: ["Date"], now: Date.UTC(2025, 0, 1) });
    const fields = { hostname: "h.example.com", port: 5432, username: "u", region: "us-east-1", credentials: { accessKeyId: "AKIDEXTRA", secretAccessKey: "x" } };
    const extras = {
      // sha256: the SDK's own hasher class (it uses it; we ignore it).
      logger: console, sha256: new SdkSigner(fields).sha256, runtime: "node", customUserAgent: "app/1", maxAttempts: 3,
      requestHandler: {}, retryMode: "standard", useFipsEndpoint: false, someFutureKey: { nested: true }, signingEscapePath: true,
    };
    const sdk = await new SdkSigner({ ...fields, ...extras }).getAuthToken();
    assert.equal(sdk, await new SdkSigner(fields).getAuthToken());
    assert.equal(await new Signer({ ...fields, ...extras, cache: new TokenCache() }).getAuthToken(), sdk);
  });

  test("expiresIn above 900 signs for 900, as the SDK does, and says so through onEvent", async (t) => {
    t.mock.timers.enable({ apis: ["Date"], now: Date.UTC(2025, 0, 1) });
    const fields = { hostname: "h.example.com", port: 3306, username: "u", region: "us-east-1", credentials: { accessKeyId: "AKIDLONG", secretAccessKey: "x" } };
    for (const expiresIn of [901, 3600, 604800]) {
      const events = [];
      const token = await new Signer({ ...fields, expiresIn, cache: new TokenCache(), onEvent: (e) => events.push(e) }).getAuthToken();
      assert.equal(token, await new SdkSigner({ ...fields, expiresIn }).getAuthToken(), `expiresIn ${expiresIn}`);
      assert.equal(cjs.inspectToken(token).expiresIn, 900);
      const warning = events.find((e) => e.type === "warning");
      assert.equal(warning?.code, "EXPIRES_IN_CLAMPED");
      assert.match(warning.message, new RegExp(`expiresIn ${expiresIn} .*900 s`));
    }
    // At or under 900 it is ours to honour (the SDK ignores it): a documented difference.
    const short = await new Signer({ ...fields, expiresIn: 300, cache: new TokenCache() }).getAuthToken();
    assert.equal(cjs.inspectToken(short).expiresIn, 300);
  });

  test("cache: false signs a new token on every call, as the SDK's Signer does", async (t) => {
    t.mock.timers.enable({ apis: ["Date"], now: Date.UTC(2025, 0, 1) });
    const events = [];
    const signer = new Signer({
      hostname: "h.example.com", port: 5432, username: "u", region: "us-east-1",
      credentials: { accessKeyId: "AKIDNOCACHE", secretAccessKey: "x" }, cache: false, onEvent: (e) => events.push(e.type),
    });
    const first = await signer.getAuthToken();
    t.mock.timers.tick(1000);
    const second = await signer.getAuthToken();
    assert.notEqual(second, first);
    assert.deepEqual(events, ["sign", "sign"]);
  });

  test("the other token kinds' fields are refused; host and user point at hostname and username", async () => {
    const base = { hostname: "h.example.com", port: 5432, username: "u", region: "us-east-1", credentials: { accessKeyId: "AKIDKIND", secretAccessKey: "x" } };
    for (const [key, value] of [["service", "dsql"], ["admin", true], ["serverless", true]]) {
      await assert.rejects(new Signer({ ...base, [key]: value }).getAuthToken(), (e) => e.code === "INVALID_INPUT" && e.field === key && /authTokenProvider/.test(e.message));
    }
    const { hostname, username, ...rest } = base;
    await assert.rejects(new Signer({ ...rest, username, host: hostname }).getAuthToken(), (e) => e.code === "INVALID_HOSTNAME" && e.field === "hostname" && /did you mean hostname/.test(e.message));
    await assert.rejects(new Signer({ ...rest, hostname, user: username }).getAuthToken(), (e) => e.code === "INVALID_USERNAME" && e.field === "username" && /did you mean username/.test(e.message));
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
