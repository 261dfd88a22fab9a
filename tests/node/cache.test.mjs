// The token cache behind authTokenProvider, driven by an injected clock:
// hits, the usable end (token expiry or credential expiry, minus the safety
// margin), refresh-ahead, single flight, failures, the LRU bound,
// invalidate(), stats() and events. Nothing here measures time.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { AKID, CREDS, SECRET, SESSION, assertClean, cjs, deferred, manualClock, rds, scriptedProvider, settle } from "./wrapper-support.mjs";

const { authTokenProvider, inspectToken, TokenCache, RdsIamError, Signer } = cjs;

const S = 1000;
const MIN = 60 * S;

/** An identity like STS gives: a fresh key id per call, expiring `lifeMs` after `clock`. */
function stsLike(clock, lifeMs) {
  return (n) => ({
    accessKeyId: `ASIASTS${String(n).padStart(13, "0")}`,
    secretAccessKey: SECRET,
    sessionToken: SESSION,
    expiration: new Date(clock.t + lifeMs),
  });
}

function setup(extra = {}) {
  const c = manualClock();
  const events = [];
  const cache = new TokenCache();
  const provider = authTokenProvider(rds({ clock: c.clock, cache, onEvent: (e) => events.push(e), ...extra }));
  return { c, cache, provider, events };
}

describe("cache hits and the usable end", () => {
  test("a second call is a hit and returns the same token", async () => {
    const { c, provider } = setup();
    const first = await provider();
    c.advance(5 * MIN);
    assert.equal(await provider(), first);
    assert.equal(provider.sync(), first);
    const s = provider.stats();
    assert.deepEqual([s.hits, s.misses, s.signings, s.refreshes], [2, 1, 1, 0]);
  });

  test("a token is handed out until expiry minus the margin, never at or after it", async () => {
    const { c, provider } = setup({ refreshAheadSeconds: 0 });
    const start = c.t;
    const first = await provider();
    const { expiresAt, usableUntil } = provider.stats();
    assert.equal(expiresAt, start + 900 * S);
    assert.equal(usableUntil, start + 840 * S);

    c.set(usableUntil - 1);
    assert.equal(await provider(), first, "one millisecond before the usable end");
    c.set(usableUntil);
    const second = await provider();
    assert.notEqual(second, first, "at the usable end a new token is signed");
    assert.equal(inspectToken(second).signedAt, usableUntil);
    assert.equal(provider.stats().signings, 2);
  });

  test("the margin and expiresIn are honoured as given; milliseconds are truncated as the token does", async () => {
    const { c, provider } = setup({ expiresIn: 300, safetyMarginSeconds: 30, refreshAheadSeconds: 0 });
    c.set(Date.UTC(2024, 0, 1, 0, 0, 0, 999));
    await provider();
    const { expiresAt, usableUntil } = provider.stats();
    assert.equal(expiresAt, Date.UTC(2024, 0, 1, 0, 5, 0, 0));
    assert.equal(usableUntil, Date.UTC(2024, 0, 1, 0, 4, 30, 0));
  });

  test("credentials that expire before the token bound its usable life", async () => {
    const c = manualClock();
    const creds = scriptedProvider(stsLike(c, 5 * MIN));
    const provider = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache: new TokenCache(), refreshAheadSeconds: 0 }));
    const start = c.t;
    const first = await provider();
    assert.equal(provider.stats().usableUntil, start + 4 * MIN, "credential expiry (5 min) - margin (1 min)");
    assert.equal(provider.stats().expiresAt, start + 15 * MIN);

    c.set(start + 4 * MIN - 1);
    assert.equal(await provider(), first);
    assert.equal(creds.calls.length, 1);
    c.set(start + 4 * MIN);
    const second = await provider();
    assert.notEqual(second, first);
    assert.equal(creds.calls.length, 2, "credentials fetched again");
    assert.equal(inspectToken(second).accessKeyId, "ASIASTS0000000000002");
  });

  test("credentials already inside the margin: one force refresh, then CREDENTIALS_EXPIRED", async () => {
    const c = manualClock();
    const creds = scriptedProvider(stsLike(c, 30 * S));
    const provider = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache: new TokenCache() }));
    await assert.rejects(provider(), (e) => e instanceof RdsIamError && e.code === "CREDENTIALS_EXPIRED");
    assert.deepEqual(creds.calls, [{}, { forceRefresh: true }]);
    assert.deepEqual(provider.stats().failures, { CREDENTIALS_EXPIRED: 1 });
  });

  test("credentials ending soon are force-refreshed once, as the SDK's signer does", async () => {
    const c = manualClock();
    const creds = scriptedProvider((n) => stsLike(c, n === 1 ? 2 * MIN : 60 * MIN)(n));
    const provider = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache: new TokenCache() }));
    const token = await provider();
    assert.deepEqual(creds.calls, [{}, { forceRefresh: true }]);
    assert.equal(inspectToken(token).accessKeyId, "ASIASTS0000000000002");
  });
});

describe("refresh ahead", () => {
  test("inside the window: callers get the old token at once while exactly one background refresh runs", async () => {
    const c = manualClock();
    const start = c.t;
    const gate = deferred();
    // First identity lives 10 min, so it bounds the token (usable until +9 min,
    // refresh from +7 min); the second call waits on the gate.
    const creds = scriptedProvider((n) => (n === 1 ? stsLike(c, 10 * MIN)(n) : gate.promise));
    const events = [];
    const cache = new TokenCache();
    const provider = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache, onEvent: (e) => events.push(e) }));
    const old = await provider();
    assert.equal(provider.stats().usableUntil, start + 9 * MIN);

    c.set(start + 7 * MIN - 1);
    await provider();
    await settle();
    assert.equal(provider.stats().refreshes, 0, "not before the window");

    c.set(start + 7 * MIN);
    const during = await Promise.all(Array.from({ length: 100 }, () => provider()));
    assert.ok(during.every((t) => t === old), "every caller got the old token without waiting");
    for (let i = 0; i < 10; i++) assert.equal(provider.sync(), old);
    await settle();
    let s = provider.stats();
    assert.equal(s.refreshes, 1, "one background refresh");
    assert.equal(creds.calls.length, 2, "one credential fetch for it");
    assert.equal(s.signings, 1, "nothing signed while the fetch is pending");

    gate.resolve({ accessKeyId: "ASIANEWKEY0000000001", secretAccessKey: SECRET, sessionToken: SESSION, expiration: new Date(c.t + 60 * MIN) });
    await settle();
    s = provider.stats();
    assert.equal(s.signings, 2);
    const fresh = await provider();
    assert.notEqual(fresh, old);
    assert.equal(inspectToken(fresh).accessKeyId, "ASIANEWKEY0000000001");
    assert.equal(cache.size, 1, "the old key id's entry was dropped");
    assert.equal(provider.stats().usableUntil, c.t + 14 * MIN);
    assert.deepEqual(events.map((e) => `${e.type}${e.background ? "(bg)" : ""}`), ["sign", "refresh", "sign(bg)"]);
  });

  test("with long-term keys the refresh signs in the background, never on the caller's path", async () => {
    const { c, provider } = setup();
    const start = c.t;
    const old = await provider();
    c.set(start + 12 * MIN); // 840 s usable - 120 s ahead = 720 s
    const got = provider.sync();
    assert.equal(got, old);
    assert.equal(provider.stats().signings, 1, "sync() returned before any signing");
    await settle();
    assert.equal(provider.stats().signings, 2);
    const fresh = await provider();
    assert.notEqual(fresh, old);
    assert.equal(inspectToken(fresh).signedAt, start + 12 * MIN);
  });

  test("a failed background refresh keeps serving the old token and is retried later, not at once", async () => {
    const c = manualClock();
    const start = c.t;
    const creds = scriptedProvider((n) => {
      if (n === 1) return stsLike(c, 10 * MIN)(n);
      if (n === 2) throw new Error(`boom ${SECRET}`); // the first background refresh
      return stsLike(c, 60 * MIN)(n);
    });
    const events = [];
    const provider = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache: new TokenCache(), onEvent: (e) => events.push(e) }));
    const old = await provider();
    c.set(start + 7 * MIN);
    assert.equal(await provider(), old);
    await settle();
    assert.deepEqual(provider.stats().failures, { PROVIDER_FAILED: 1 });
    assert.equal(await provider(), old, "old token still served");
    await settle();
    assert.equal(provider.stats().refreshes, 1, "no retry storm");
    c.advance(10 * S); // the retry pause
    assert.equal(await provider(), old);
    await settle();
    assert.equal(provider.stats().refreshes, 2);
    assert.notEqual(await provider(), old);
    const error = events.find((e) => e.type === "error");
    assert.equal(error.code, "PROVIDER_FAILED");
    assert.equal(error.background, true);
    assertClean(assert, JSON.stringify(events), [old], "events");
  });
});

describe("single flight", () => {
  test("1,000 concurrent callers on a cold key: one credential fetch, one signing", async () => {
    const c = manualClock();
    const gate = deferred();
    const creds = scriptedProvider(() => gate.promise);
    const provider = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache: new TokenCache() }));
    const callers = Array.from({ length: 1000 }, () => provider());
    await settle();
    assert.equal(creds.calls.length, 1);
    gate.resolve({ ...CREDS });
    const tokens = await Promise.all(callers);
    assert.equal(new Set(tokens).size, 1);
    const s = provider.stats();
    assert.equal(s.credentialFetches, 1);
    assert.equal(s.signings, 1);
    assert.equal(s.misses, 1000);
  });

  test("Signers sharing a credential provider and cache share the fetch and the token", async () => {
    const gate = deferred();
    const creds = scriptedProvider(() => gate.promise);
    const cache = new TokenCache();
    const signs = [];
    const config = { hostname: "h.example.com", port: 5432, username: "u", region: "us-east-1", credentials: creds, cache, onEvent: (e) => e.type === "sign" && signs.push(e) };
    const calls = Array.from({ length: 1000 }, () => new Signer(config).getAuthToken());
    await settle();
    gate.resolve({ ...CREDS });
    const tokens = await Promise.all(calls);
    assert.equal(new Set(tokens).size, 1);
    assert.equal(creds.calls.length, 1);
    assert.equal(signs.length, 1);
  });

  test("a provider failure reaches every waiter, is counted once, and is not cached", async () => {
    const c = manualClock();
    const gate = deferred();
    const creds = scriptedProvider((n) => (n === 1 ? gate.promise : { ...CREDS }));
    const events = [];
    const provider = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache: new TokenCache(), onEvent: (e) => events.push(e) }));
    const waiters = Array.from({ length: 50 }, () => provider());
    await settle();
    gate.reject(new Error(`could not load ${SECRET}`));
    const results = await Promise.allSettled(waiters);
    for (const r of results) {
      assert.equal(r.status, "rejected");
      assert.ok(r.reason instanceof RdsIamError);
      assert.equal(r.reason.code, "PROVIDER_FAILED");
      assertClean(assert, `${r.reason.message} ${r.reason.stack}`, [], "error");
    }
    assert.deepEqual(provider.stats().failures, { PROVIDER_FAILED: 1 });
    assert.equal(events.filter((e) => e.type === "error").length, 1);

    const token = await provider(); // tries again at once: nothing was cached
    assert.equal(inspectToken(token).accessKeyId, AKID);
    assert.equal(creds.calls.length, 2);
  });

  test("an invalid identity from a provider is INVALID_CREDENTIALS, naming the field", async () => {
    const creds = scriptedProvider(() => ({ accessKeyId: "AKID" }));
    const provider = authTokenProvider(rds({ credentials: creds, cache: new TokenCache() }));
    await assert.rejects(provider(), (e) => e.code === "INVALID_CREDENTIALS" && e.field === "credentials.secretAccessKey");
  });
});

describe("the cache itself", () => {
  test("LRU bound: the least recently used token goes first", async () => {
    const c = manualClock();
    const cache = new TokenCache({ maxEntries: 3 });
    const providers = ["a", "b", "c", "d"].map((h) => authTokenProvider(rds({ hostname: `${h}.example.com`, clock: c.clock, cache })));
    const [a, b, cc, d] = providers;
    await a();
    await b();
    await cc();
    await a(); // a is now the most recent: b is the least
    await d();
    assert.equal(cache.size, 3);
    assert.deepEqual(cache.stats(), { size: 3, maxEntries: 3, evictions: 1 });
    await a();
    assert.equal(a.stats().signings, 1, "a survived");
    await b();
    assert.equal(b.stats().signings, 2, "b was evicted and signed again");
    assert.equal(cache.size, 3);
  });

  test("the default is one shared cache of 1,000; options are checked", () => {
    assert.equal(TokenCache.default, TokenCache.default);
    assert.equal(TokenCache.default.maxEntries, 1000);
    assert.throws(() => new TokenCache({ maxEntries: 0 }), (e) => e.code === "INVALID_INPUT" && e.field === "maxEntries");
    assert.throws(() => new TokenCache({ ttl: 5 }), (e) => e.code === "INVALID_INPUT" && e.field === "ttl");
  });

  test("the key covers everything that changes a token", async () => {
    const c = manualClock();
    const cache = new TokenCache();
    const base = { clock: c.clock, cache };
    const variants = [
      rds(base),
      rds({ ...base, region: "us-west-2" }),
      rds({ ...base, hostname: "other.example.com" }),
      rds({ ...base, port: 5433 }),
      rds({ ...base, username: "other" }),
      rds({ ...base, expiresIn: 600 }),
      rds({ ...base, credentials: { ...CREDS, accessKeyId: "ASIAOTHERKEY00000001" } }),
      { ...base, service: "dsql", hostname: "abc.dsql.us-east-1.on.aws", region: "us-east-1", credentials: CREDS },
      { ...base, service: "dsql", hostname: "abc.dsql.us-east-1.on.aws", region: "us-east-1", credentials: CREDS, admin: true },
      { ...base, service: "elasticache", hostname: "my-cache", username: "app", region: "us-east-1", credentials: CREDS },
      { ...base, service: "elasticache", hostname: "my-cache", username: "app", region: "us-east-1", credentials: CREDS, serverless: true },
      { ...base, service: "memorydb", hostname: "my-cache", username: "app", region: "us-east-1", credentials: CREDS },
    ];
    const tokens = [];
    for (const v of variants) tokens.push(await authTokenProvider(v)());
    assert.equal(new Set(tokens).size, variants.length);
    assert.equal(cache.size, variants.length);
    // The same inputs through another provider (port as a string too) share the entry.
    const again = authTokenProvider(rds({ ...base, port: "05432" }));
    assert.equal(await again(), tokens[0]);
    assert.equal(again.stats().signings, 0);
  });

  test("invalidate() forgets the token and the fetched credentials", async () => {
    const c = manualClock();
    const creds = scriptedProvider(() => ({ ...CREDS }));
    const provider = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache: new TokenCache() }));
    await provider();
    provider.invalidate();
    assert.equal(provider.stats().expiresAt, null);
    await provider();
    const s = provider.stats();
    assert.equal(s.signings, 2);
    assert.equal(s.credentialFetches, 2);
    assert.equal(creds.calls.length, 2);
  });

  test("stats() counts hits, misses, signings, refreshes, fetches and failures by code", async () => {
    const c = manualClock();
    const creds = scriptedProvider((n) => {
      if (n === 1) throw new RdsIamError("CREDENTIALS_UNAVAILABLE", "none here");
      return { ...CREDS };
    });
    const provider = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache: new TokenCache() }));
    assert.deepEqual(provider.stats(), {
      hits: 0, misses: 0, signings: 0, refreshes: 0, credentialFetches: 0, refusedLogins: 0, forcedRefreshes: 0, failures: {}, expiresAt: null, usableUntil: null,
    });
    await assert.rejects(provider(), (e) => e.code === "CREDENTIALS_UNAVAILABLE");
    await provider();
    await provider();
    c.advance(13 * MIN);
    await provider();
    await settle();
    assert.deepEqual(provider.stats(), {
      hits: 2, misses: 2, signings: 2, refreshes: 1, credentialFetches: 2, refusedLogins: 0, forcedRefreshes: 0, failures: { CREDENTIALS_UNAVAILABLE: 1 },
      expiresAt: c.t - (c.t % 1000) + 900 * S, usableUntil: c.t - (c.t % 1000) + 840 * S,
    });
  });

  test("events: sign, refresh, error, with facts only (no token, secret or session token)", async () => {
    const { c, provider, events } = setup();
    const tokens = [await provider()];
    c.advance(13 * MIN);
    tokens.push(await provider());
    await settle();
    tokens.push(await provider());
    const failing = authTokenProvider(rds({ credentials: async () => { throw new Error(SECRET); }, onEvent: (e) => events.push(e), cache: new TokenCache() }));
    await assert.rejects(failing());
    assert.deepEqual(events.map((e) => e.type), ["sign", "refresh", "sign", "error"]);
    const sign = events[0];
    assert.deepEqual(Object.keys(sign).sort(), ["accessKeyId", "at", "background", "expiresAt", "hostname", "port", "region", "service", "type", "usableUntil", "username"]);
    assert.equal(sign.accessKeyId, AKID);
    assert.equal(sign.hostname, "db.cluster-abc.us-east-1.rds.amazonaws.com");
    assertClean(assert, JSON.stringify(events), tokens, "events");
  });

  test("a throwing onEvent never breaks token delivery", async () => {
    const provider = authTokenProvider(rds({ cache: new TokenCache(), onEvent: () => { throw new Error("listener bug"); } }));
    assert.equal(typeof (await provider()), "string");
  });
});

describe("refresh ahead on short lives", () => {
  test("refreshAheadSeconds longer than the usable life waits for half of it", async () => {
    const c = manualClock(Date.UTC(2024, 0, 1));
    const provider = authTokenProvider(rds({ expiresIn: 120, clock: c.clock, cache: new TokenCache() })); // usable 60 s
    const old = await provider();
    c.advance(30 * S - 1);
    assert.equal(await provider(), old);
    await settle();
    assert.equal(provider.stats().refreshes, 0);
    c.advance(1);
    assert.equal(await provider(), old);
    await settle();
    assert.equal(provider.stats().refreshes, 1);
    assert.equal(provider.stats().signings, 2);
  });
});
