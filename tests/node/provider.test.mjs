// authTokenProvider's options, credential sources (static, SDK-style
// providers, fromEnv, fromWorkersEnv), region resolution, and the
// sync/invalidate/close surface.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { AKID, CREDS, SECRET, SESSION, cjs, deferred, esm, manualClock, rds, scriptedProvider, settle } from "./wrapper-support.mjs";

const { authTokenProvider, fromEnv, fromWorkersEnv, inspectToken, signToken, TokenCache, RdsIamError } = cjs;

const ENV_NAMES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION", "AWS_REGION", "AWS_DEFAULT_REGION"];

/** Runs with exactly `vars` set among the AWS variables; restores them after. */
function withEnv(t, vars) {
  const saved = Object.fromEntries(ENV_NAMES.map((k) => [k, process.env[k]]));
  t.after(() => {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  });
  for (const k of ENV_NAMES) delete process.env[k];
  Object.assign(process.env, vars);
}

const isError = (code, field) => (e) => e instanceof RdsIamError && e.code === code && (field === undefined || e.field === field);

describe("exports", () => {
  test("require and import give the same wrapper API", () => {
    const names = [
      "authTokenProvider", "TokenCache", "Signer", "fromEnv", "fromWorkersEnv",
      "pgConfig", "postgresJsOptions", "mysql2Options", "knexConnection", "redisOptions",
    ];
    for (const name of names) {
      assert.equal(typeof cjs[name], "function", `require: ${name}`);
      assert.equal(typeof esm[name], "function", `import: ${name}`);
    }
  });
});

describe("options", () => {
  test("the token it gives is signToken's for the same input and time", async () => {
    const c = manualClock();
    const token = await authTokenProvider(rds({ clock: c.clock, cache: new TokenCache() }))();
    assert.equal(token, signToken({ ...rds(), now: c.t }));
  });

  test("static fields are checked when the provider is made, naming the field", () => {
    const cases = [
      [rds({ hostname: "https://x" }), "INVALID_HOSTNAME", "hostname"],
      [rds({ port: 70000 }), "INVALID_PORT", "port"],
      [rds({ port: undefined }), "INVALID_PORT", "port"],
      [rds({ region: "US_EAST" }), "INVALID_REGION", "region"],
      [rds({ expiresIn: 901 }), "INVALID_EXPIRES_IN", "expiresIn"],
      [rds({ expiresIn: 60 }), "INVALID_EXPIRES_IN", "expiresIn"], // not longer than the margin
      [rds({ admin: true }), "NOT_APPLICABLE", "admin"],
      [rds({ now: 5 }), "INVALID_INPUT", "now"],
      [rds({ host: "x" }), "INVALID_INPUT", "host"],
      [rds({ safetyMarginSeconds: -1 }), "INVALID_INPUT", "safetyMarginSeconds"],
      [rds({ refreshAheadSeconds: "2" }), "INVALID_INPUT", "refreshAheadSeconds"],
      [rds({ clock: 5 }), "INVALID_INPUT", "clock"],
      [rds({ cache: new Map() }), "INVALID_INPUT", "cache"],
      [rds({ onEvent: "log" }), "INVALID_INPUT", "onEvent"],
      [rds({ credentials: "AKID:secret" }), "INVALID_CREDENTIALS", "credentials"],
      [rds({ credentials: { accessKeyId: AKID } }), "INVALID_CREDENTIALS", "credentials.secretAccessKey"],
      [rds({ credentials: { ...CREDS, expiration: "tomorrow" } }), "INVALID_CREDENTIALS", "credentials.expiration"],
      [null, "INVALID_INPUT", "options"],
    ];
    for (const [options, code, field] of cases) {
      assert.throws(() => authTokenProvider(options), isError(code, field), `${code} ${field}`);
    }
  });

  test("static credentials that have expired are CREDENTIALS_EXPIRED when used", async () => {
    const c = manualClock();
    const provider = authTokenProvider(rds({ clock: c.clock, cache: new TokenCache(), credentials: { ...CREDS, expiration: new Date(c.t + 30_000) } }));
    await assert.rejects(provider(), isError("CREDENTIALS_EXPIRED"));
    assert.equal(provider.sync(), undefined);
  });

  test("other token kinds work the same way", async () => {
    const c = manualClock();
    const dsql = authTokenProvider({ service: "dsql", hostname: "abc.dsql.us-east-1.on.aws", region: "us-east-1", credentials: CREDS, admin: true, expiresIn: 3600, clock: c.clock, cache: new TokenCache() });
    const info = inspectToken(await dsql());
    assert.equal(info.action, "DbConnectAdmin");
    assert.equal(dsql.stats().usableUntil, c.t + 3540_000);
  });
});

describe("region", () => {
  test("explicit, else AWS_REGION, else AWS_DEFAULT_REGION, else REGION_UNAVAILABLE (a hostname naming no region)", async (t) => {
    withEnv(t, {});
    const opts = () => rds({ hostname: "db.internal.example", region: undefined, cache: new TokenCache() });
    assert.throws(() => authTokenProvider(opts()), isError("REGION_UNAVAILABLE", "region"));
    process.env.AWS_DEFAULT_REGION = "eu-west-3";
    assert.equal(inspectToken(await authTokenProvider(opts())()).region, "eu-west-3");
    process.env.AWS_REGION = "us-west-1";
    assert.equal(inspectToken(await authTokenProvider(opts())()).region, "us-west-1");
    assert.equal(inspectToken(await authTokenProvider({ ...opts(), region: "ca-central-1" })()).region, "ca-central-1");
    process.env.AWS_REGION = "";
    assert.equal(inspectToken(await authTokenProvider(opts())()).region, "eu-west-3", "an empty variable counts as unset");
  });
});

describe("region from the endpoint", () => {
  const endpoints = [
    ["rds", "db.abc123.eu-west-1.rds.amazonaws.com", "eu-west-1"],
    ["rds", "app.cluster-ro-abc123.ap-southeast-4.rds.amazonaws.com", "ap-southeast-4"],
    ["rds", "app-proxy.proxy-abc123.us-east-2.rds.amazonaws.com", "us-east-2"],
    ["rds", "cndb.abc123.rds.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"],
    ["rds", "govdb.abc123.us-gov-west-1.rds.amazonaws.com", "us-gov-west-1"],
    ["rds", "MyDB.ABC123.eu-central-2.rds.amazonaws.com", "eu-central-2"],
    ["dsql", "abcdefghijklmnopqrstuvwxyz.dsql.ap-northeast-1.on.aws", "ap-northeast-1"],
  ];
  const options = (service, hostname, extra = {}) => ({
    service, hostname, ...(service === "rds" ? { port: 5432, username: "u" } : {}), credentials: CREDS, cache: new TokenCache(), ...extra,
  });

  test("the endpoint's own region comes before AWS_REGION and AWS_DEFAULT_REGION", async (t) => {
    withEnv(t, { AWS_REGION: "sa-east-1", AWS_DEFAULT_REGION: "af-south-1" });
    for (const [service, hostname, region] of endpoints) {
      assert.equal(inspectToken(await authTokenProvider(options(service, hostname))()).region, region, hostname);
    }
  });

  test("a given region unlike the endpoint's is signed as given and reported once through onEvent", async (t) => {
    withEnv(t, {});
    for (const [service, hostname, region] of endpoints) {
      const events = [];
      const provider = authTokenProvider(options(service, hostname, { region: "us-west-2", onEvent: (e) => events.push(e) }));
      assert.equal(inspectToken(await provider()).region, "us-west-2");
      await provider();
      const warnings = events.filter((e) => e.type === "warning");
      assert.equal(warnings.length, 1, hostname);
      assert.equal(warnings[0].code, "REGION_MISMATCH");
      assert.equal(warnings[0].region, "us-west-2");
      assert.equal(warnings[0].hostname, hostname);
      assert.match(warnings[0].message, new RegExp(`is in ${region}`));
    }
    // Alike, or a host naming no region: nothing to say.
    for (const [service, hostname, region] of [endpoints[0], ["rds", "db.internal.example", "us-west-2"]]) {
      const events = [];
      await authTokenProvider(options(service, hostname, { region, onEvent: (e) => events.push(e.type) }))();
      assert.deepEqual(events, ["sign"], hostname);
    }
  });

  test("a listener that throws on the warning does not stop the provider", async () => {
    const provider = authTokenProvider(options("rds", endpoints[0][1], { region: "us-west-2", onEvent: () => { throw new Error("listener"); } }));
    assert.equal(inspectToken(await provider()).region, "us-west-2");
  });
});

describe("cache: false", () => {
  test("every call signs; the credentials are still fetched once and kept", async () => {
    const c = manualClock();
    const creds = scriptedProvider(() => ({ ...CREDS, expiration: new Date(c.t + 3600_000) }));
    const events = [];
    const provider = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache: false, onEvent: (e) => events.push(e.type) }));
    const tokens = [];
    for (let i = 0; i < 3; i++) {
      tokens.push(await provider());
      c.advance(1000);
    }
    assert.equal(new Set(tokens).size, 3);
    assert.equal(typeof provider.sync(), "string", "sync() signs too, with the kept credentials");
    assert.deepEqual(events, ["sign", "sign", "sign", "sign"]);
    const stats = provider.stats();
    assert.deepEqual([stats.signings, stats.hits, stats.refreshes, stats.credentialFetches], [4, 0, 0, 1]);
  });

  test("the shared cache holds none of its tokens", async () => {
    const before = TokenCache.default.size;
    const provider = authTokenProvider(rds({ hostname: "nocache.abc.us-east-1.rds.amazonaws.com", cache: false }));
    await provider();
    assert.equal(TokenCache.default.size, before);
  });

  test("cache takes a TokenCache or false", () => {
    for (const cache of [true, "no", 0, {}]) {
      assert.throws(() => authTokenProvider(rds({ cache })), isError("INVALID_INPUT", "cache"));
    }
  });
});

describe("options that point the way", () => {
  test("host, user and friends name the option meant", () => {
    for (const [key, meant] of [["host", "hostname"], ["user", "username"], ["Region", "region"], ["expires_in", "expiresIn"]]) {
      assert.throws(() => authTokenProvider({ ...rds(), [key]: "x" }), (e) => isError("INVALID_INPUT", key)(e) && e.reason.endsWith(`did you mean ${meant}?`));
    }
  });
});

describe("credential sources", () => {
  test("fromEnv reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN when called", async (t) => {
    withEnv(t, {});
    const provider = fromEnv();
    await assert.rejects(provider(), isError("CREDENTIALS_UNAVAILABLE"));
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: AKID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: SESSION, AWS_CREDENTIAL_EXPIRATION: "2030-01-02T03:04:05Z" });
    const identity = await provider();
    assert.equal(identity.accessKeyId, AKID);
    assert.equal(identity.secretAccessKey, SECRET);
    assert.equal(identity.sessionToken, SESSION);
    assert.equal(identity.expiration.toISOString(), "2030-01-02T03:04:05.000Z");
    process.env.AWS_CREDENTIAL_EXPIRATION = "soon";
    await assert.rejects(provider(), isError("INVALID_CREDENTIALS", "AWS_CREDENTIAL_EXPIRATION"));
  });

  test("authTokenProvider without credentials uses the environment in Node", async (t) => {
    withEnv(t, { AWS_ACCESS_KEY_ID: "ASIAENVIRONMENT00001", AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: "us-east-2" });
    const provider = authTokenProvider({ hostname: "h.example.com", port: 3306, username: "u", cache: new TokenCache() });
    const info = inspectToken(await provider());
    assert.equal(info.accessKeyId, "ASIAENVIRONMENT00001");
    assert.equal(info.region, "us-east-2");
    assert.equal(info.hasSessionToken, false);
  });

  test("fromWorkersEnv takes the Worker's bindings", () => {
    const identity = fromWorkersEnv({ AWS_ACCESS_KEY_ID: AKID, AWS_SECRET_ACCESS_KEY: SECRET, OTHER: 1 });
    assert.equal(identity.accessKeyId, AKID);
    assert.equal(identity.secretAccessKey, SECRET);
    assert.equal(identity.sessionToken, undefined);
    assert.throws(() => fromWorkersEnv({ AWS_ACCESS_KEY_ID: AKID }), isError("CREDENTIALS_UNAVAILABLE"));
    assert.throws(() => fromWorkersEnv(undefined), isError("INVALID_INPUT", "env"));
    const token = signToken({ ...rds({ credentials: identity }), now: 0 });
    assert.equal(inspectToken(token).accessKeyId, AKID);
  });

  test("an SDK v3 provider's identity is kept until its own expiration minus the margin", async () => {
    const c = manualClock();
    const creds = scriptedProvider(() => ({ ...CREDS, expiration: new Date(c.t + 60 * 60_000) }));
    const cache = new TokenCache();
    const provider = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache }));
    await provider();
    c.advance(20 * 60_000);
    await provider(); // a new token (the first's usable end passed), same identity
    assert.equal(provider.stats().signings, 2);
    assert.equal(creds.calls.length, 1);
    c.advance(39 * 60_000); // identity ends in 1 min: inside the margin
    await provider();
    assert.equal(creds.calls.length, 2);
  });

  test("a provider's own error text never reaches our error", async () => {
    const provider = authTokenProvider(rds({ cache: new TokenCache(), credentials: async () => { const e = new Error(`denied for ${SECRET}`); e.name = "CredentialsProviderError"; throw e; } }));
    await assert.rejects(provider(), (e) => {
      assert.equal(e.code, "PROVIDER_FAILED");
      assert.match(e.message, /CredentialsProviderError/);
      assert.ok(!e.message.includes(SECRET) && !e.stack.includes(SECRET));
      return true;
    });
  });
});

describe("sync, invalidate, close", () => {
  test("sync() signs at once with known credentials", () => {
    const provider = authTokenProvider(rds({ cache: new TokenCache() }));
    const token = provider.sync();
    assert.equal(typeof token, "string");
    assert.equal(provider.sync(), token);
  });

  test("sync() is undefined while credentials must be awaited, and starts fetching them", async () => {
    const gate = deferred();
    const creds = scriptedProvider(() => gate.promise);
    const provider = authTokenProvider(rds({ credentials: creds, cache: new TokenCache() }));
    assert.equal(provider.sync(), undefined);
    assert.equal(provider.sync(), undefined);
    await settle();
    assert.equal(creds.calls.length, 1);
    gate.resolve({ ...CREDS });
    await settle();
    assert.equal(inspectToken(provider.sync()).accessKeyId, AKID);
    assert.equal(provider.stats().signings, 1);
  });

  test("close() settles at once, refuses later calls, and keeps nothing a background refresh brings after it", async () => {
    const c = manualClock();
    const gate = deferred();
    const cache = new TokenCache();
    const creds = scriptedProvider((n) => (n === 1 ? { ...CREDS, expiration: new Date(c.t + 10 * 60_000) } : gate.promise));
    const provider = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache }));
    await provider();
    c.advance(7 * 60_000);
    await provider(); // starts a background refresh, waiting on the gate
    let closed = false;
    const closing = provider.close().then(() => (closed = true));
    await settle();
    assert.equal(closed, true, "close does not wait for the refresh");
    await closing;
    gate.resolve({ ...CREDS, expiration: new Date(c.t + 60 * 60_000) });
    await settle();
    assert.equal(cache.size, 0, "the refresh finishing after close stores nothing");
    await assert.rejects(provider(), isError("INVALID_INPUT", "provider"));
    assert.equal(provider.sync(), undefined);
  });
});
