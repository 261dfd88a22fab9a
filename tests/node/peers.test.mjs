// Cases ported from other projects' test suites (their inputs and expected
// values, vendored as data in tests/data/peers/ with their licences): the
// AWS SDK for JavaScript v3's rds-signer and dsql-signer specs (unit and
// integration), the AWS
// Advanced NodeJS Wrapper's RDS host and IAM plugin tests, and
// sqlalchemy-rds-iam's token cache tests. Where a peer's own signer can
// run here (@aws-sdk/rds-signer), its token is compared byte for byte.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { Signer as SdkSigner } from "@aws-sdk/rds-signer";

import { cjs, manualClock } from "./wrapper-support.mjs";

const { signToken, inspectToken, authTokenProvider, pgConfig, mysql2Options, Signer, TokenCache, RdsIamError } = cjs;

const peer = (name) => JSON.parse(readFileSync(new URL(`../data/peers/${name}.json`, import.meta.url), "utf8"));
const SDK = peer("aws-sdk-js-v3");
const WRAPPER = peer("aws-advanced-nodejs-wrapper");
const SQLALCHEMY = peer("sqlalchemy-rds-iam");

const CREDS = { accessKeyId: "AKIDPEERS", secretAccessKey: "peer-secret" };
const NOW = Date.UTC(2025, 2, 4, 5, 6, 7);

/** Runs with AWS_REGION set to `region` (an environment unlike the endpoints'); restored after. */
function withRegionEnv(t, region) {
  const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };
  t.after(() => {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  });
  process.env.AWS_REGION = region;
  process.env.AWS_DEFAULT_REGION = region;
}

describe("aws-sdk-js-v3 rds-signer (Signer.spec.ts)", () => {
  const s = SDK.rdsSigner;

  test("the presigned request: rds-db, Action=connect, DBUser, host:port, 900 s, no scheme; the SDK's own token", async (t) => {
    t.mock.timers.enable({ apis: ["Date"], now: NOW });
    const config = { ...s.minimal, region: s.region, credentials: s.credentials };
    const token = await new Signer({ ...config, cache: new TokenCache() }).getAuthToken();
    assert.equal(token, await new SdkSigner(config).getAuthToken());
    assert.ok(token.startsWith(`${s.minimal.hostname}:${s.minimal.port}/?`), token.slice(0, 40));
    const info = inspectToken(token);
    assert.deepEqual(
      [info.signingService, info.action, info.username, info.hostname, info.port, info.region, info.expiresIn, info.accessKeyId],
      ["rds-db", "connect", s.minimal.username, s.minimal.hostname, s.minimal.port, s.region, s.expiresIn, s.credentials.accessKeyId],
    );
  });

  test("supplied credentials are the ones signed with", async (t) => {
    t.mock.timers.enable({ apis: ["Date"], now: NOW });
    const config = { ...s.minimal, region: s.region, credentials: s.suppliedCredentials };
    const token = await new Signer({ ...config, cache: new TokenCache() }).getAuthToken();
    assert.equal(inspectToken(token).accessKeyId, s.suppliedCredentials.accessKeyId);
    assert.equal(token, await new SdkSigner(config).getAuthToken());
  });

  test("the spec's host with a scheme is refused (a documented difference: RDS never accepts such a token)", async () => {
    const signer = new Signer({ ...s.minimal, hostname: s.hostnameInSpec, region: s.region, credentials: s.credentials, cache: new TokenCache() });
    await assert.rejects(signer.getAuthToken(), (e) => e instanceof RdsIamError && e.code === "INVALID_HOSTNAME" && e.field === "hostname");
  });
});

/** The spec's check: the token split on "&" has one part per pattern, each part matched by its own pattern. */
function assertSortedParts(token, patterns) {
  const parts = token.split("&").sort();
  assert.equal(parts.length, patterns.length, parts.join("\n"));
  const unmatched = [...parts];
  for (const pattern of patterns) {
    const at = unmatched.findIndex((part) => new RegExp(pattern).test(part));
    assert.ok(at >= 0, `no part matches ${pattern} in ${parts.join(" & ")}`);
    unmatched.splice(at, 1);
  }
}

describe("aws-sdk-js-v3 integration specs (rds-signer.integ.spec.ts, dsql-signer.integ.spec.ts)", () => {
  test("rds-signer: the token's sorted parts; and the SDK's own token", async (t) => {
    t.mock.timers.enable({ apis: ["Date"], now: NOW });
    const { config, sortedParts } = SDK.rdsSignerInteg;
    const token = await new Signer({ ...config, cache: new TokenCache() }).getAuthToken();
    assertSortedParts(token, sortedParts);
    assert.equal(token, await new SdkSigner(config).getAuthToken());
    assert.equal(signToken({ ...config, now: NOW }), token);
  });

  test("dsql-signer: the admin token's sorted parts", () => {
    const { config, admin, sortedParts } = SDK.dsqlSignerInteg;
    assertSortedParts(signToken({ service: "dsql", ...config, admin, now: NOW }), sortedParts);
  });
});

describe("aws-sdk-js-v3 dsql-signer (Signer.spec.ts)", () => {
  const d = SDK.dsqlSigner;
  for (const c of d.cases) {
    test(c.name, () => {
      const { credentials = d.defaultCredentials, region = d.defaultRegion, ...rest } = c.config;
      const token = signToken({ service: "dsql", ...rest, region, credentials, admin: c.admin ?? undefined, now: NOW });
      if (c.startsWith) assert.ok(token.startsWith(c.startsWith), token.slice(0, 40));
      for (const part of c.contains ?? []) assert.ok(token.includes(part), `${part} in ${token.slice(0, 200)}`);
      assert.equal(inspectToken(token).action, c.admin ? "DbConnectAdmin" : "DbConnect");
    });
  }
});

describe("AWS Advanced NodeJS Wrapper", () => {
  test("rds_utils test_get_rds_region: the region each RDS host name carries is the one signed for", async (t) => {
    withRegionEnv(t, "sa-east-1"); // the Lambda's region, not the database's
    const cache = new TokenCache();
    for (const [hostname, region] of WRAPPER.rdsRegion.cases) {
      const provider = authTokenProvider({ hostname, port: 5432, username: "u", credentials: CREDS, cache });
      assert.equal(inspectToken(await provider()).region, region, hostname);
    }
  });

  test("rds_utils test_get_rds_region: signToken, pure, reads the same region when none is given", () => {
    for (const [hostname, region] of WRAPPER.rdsRegion.cases) {
      const token = signToken({ hostname, port: 5432, username: "u", credentials: CREDS, now: NOW });
      assert.equal(inspectToken(token).region, region, hostname);
    }
  });

  test("iam_authentication_plugin: region, host and default or given port per driver; one token per region:host:port:user", async () => {
    const c = manualClock(NOW);
    const cache = new TokenCache();
    for (const w of WRAPPER.iamPlugin.cases) {
      const options = { hostname: w.host, username: w.user, credentials: CREDS, clock: c.clock, cache };
      if (w.givenPort !== undefined) options.port = w.givenPort;
      if (w.givenRegion !== undefined) options.region = w.givenRegion;
      const config = w.driver === "pg" ? pgConfig(options) : mysql2Options(options);
      assert.equal(config.port, w.port, w.name);
      const provider = w.driver === "pg" ? config.password : config.provider;
      const token = await provider();
      const info = inspectToken(token);
      assert.deepEqual([info.region, info.hostname, info.port, info.username], [w.region, w.host, w.port, w.user], w.name);
      c.advance(5 * 60_000); // "a valid token in the cache" 5 minutes later
      assert.equal(await provider(), token, `${w.name}: the cached token`);
    }
  });
});

describe("sqlalchemy-rds-iam (test_auth.py)", () => {
  const q = SQLALCHEMY;

  test("test_cache_behavior_with_different_params: same user and port reuse the token; another user or port signs anew", async () => {
    const c = manualClock(NOW);
    const cache = new TokenCache();
    const byNumber = new Map();
    for (const call of q.cacheBehaviour.calls) {
      c.advance(1000); // a second apart: a fresh signing would differ
      const provider = authTokenProvider({ hostname: q.host, port: call.port, username: call.user, region: q.region, credentials: CREDS, clock: c.clock, cache });
      const token = await provider();
      if (byNumber.has(call.token)) assert.equal(token, byNumber.get(call.token), JSON.stringify(call));
      else assert.ok(![...byNumber.values()].includes(token), JSON.stringify(call));
      byNumber.set(call.token, token);
    }
  });

  test("test_cache_timeout_zero: cache: false signs on every call", async () => {
    const c = manualClock(NOW);
    const z = q.cacheTimeoutZero;
    const provider = authTokenProvider({ hostname: q.host, port: z.port, username: z.user, region: q.region, credentials: CREDS, clock: c.clock, cache: false });
    const tokens = new Set();
    for (let i = 0; i < z.calls; i++) {
      c.advance(1000);
      tokens.add(await provider());
    }
    assert.equal(tokens.size, z.calls);
    assert.equal(provider.stats().signings, z.calls);
    assert.equal(provider.stats().hits, 0);
  });

  test("test_region_resolution: a given region wins over the host's (signed as given, and reported)", async () => {
    const r = q.regionPrecedence;
    const events = [];
    const provider = authTokenProvider({
      hostname: q.host, port: r.port, username: r.user, region: r.given, credentials: CREDS, cache: new TokenCache(), onEvent: (e) => events.push(e),
    });
    assert.equal(inspectToken(await provider()).region, r.signedFor);
    assert.deepEqual(events.filter((e) => e.type === "warning").map((e) => e.code), ["REGION_MISMATCH"]);
  });
});
