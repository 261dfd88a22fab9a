// Issue 13: the token cache never hands one identity's token to another,
// serves no token signed in its future, lets invalidate()/loginRefused()/
// close() win over work under way, and bounds waiting on a credential
// provider. Driven by injected clocks and gates; nothing here measures time.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { AKID, CREDS, SECRET, SESSION, assertClean, cjs, deferred, manualClock, rds, scriptedProvider, settle } from "./wrapper-support.mjs";

const { authTokenProvider, inspectToken, verifyToken, TokenCache, RdsIamError, Signer } = cjs;

const isError = (code, field) => (e) => e instanceof RdsIamError && e.code === code && (field === undefined || e.field === field);
const verifies = (token, secretAccessKey, now) => verifyToken(token, { secretAccessKey, now }).ok;

describe("a cached token goes only to its own identity", () => {
  const other = { ...CREDS, secretAccessKey: `${SECRET}-other` };

  test("same access key id, another secret: the default cache hands out each one's own token", async () => {
    const c = manualClock();
    const wrong = authTokenProvider(rds({ credentials: other, clock: c.clock }));
    const right = authTokenProvider(rds({ credentials: { ...CREDS }, clock: c.clock }));
    const fromWrong = await wrong();
    const fromRight = await right();
    assert.notEqual(fromRight, fromWrong);
    assert.ok(verifies(fromRight, SECRET, c.t), "the right provider's token verifies with its own secret");
    assert.ok(!verifies(fromWrong, SECRET, c.t));
    assert.equal(right.sync(), fromRight);
    assert.equal(wrong.sync(), fromWrong);
    await Promise.all([wrong.close(), right.close()]);
  });

  test("same key id and secret, another (or no) session token: no sharing either", async () => {
    const c = manualClock();
    const cache = new TokenCache();
    const tokens = [];
    for (const sessionToken of [SESSION, `${SESSION}x`, undefined]) {
      const p = authTokenProvider(rds({ credentials: { ...CREDS, sessionToken }, clock: c.clock, cache }));
      tokens.push(await p());
    }
    assert.equal(new Set(tokens).size, 3);
    assert.equal(cache.size, 3);
  });

  test("equal identities in different objects still share one token", async () => {
    const c = manualClock();
    const cache = new TokenCache();
    const a = authTokenProvider(rds({ credentials: { ...CREDS }, clock: c.clock, cache }));
    const b = authTokenProvider(rds({ credentials: { ...CREDS }, clock: c.clock, cache }));
    assert.equal(await a(), await b());
    assert.equal(cache.size, 1);
  });

  test("a provider whose identity changes to another secret gets no token of the old one", async () => {
    const c = manualClock();
    let secret = SECRET;
    const creds = async () => ({ ...CREDS, secretAccessKey: secret, expiration: new Date(c.t + 3600_000) });
    const cache = new TokenCache();
    const p = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache }));
    const first = await p();
    secret = `${SECRET}-rotated`;
    p.invalidate();
    const second = await p();
    assert.notEqual(second, first);
    assert.ok(verifies(second, secret, c.t));
  });

  test("the drop-in Signer: two secrets for one key id get their own tokens from the default cache", async () => {
    const c = manualClock();
    const base = { hostname: "db.cluster-abc.us-east-1.rds.amazonaws.com", port: 5432, username: "app_user", region: "us-east-1", clock: c.clock };
    const wrong = await new Signer({ ...base, credentials: other }).getAuthToken();
    const right = await new Signer({ ...base, credentials: { ...CREDS } }).getAuthToken();
    assert.ok(verifies(right, SECRET, c.t));
    assert.notEqual(right, wrong);
  });

  test("a lone surrogate in a secret cannot alias another secret (wasm would read it as U+FFFD)", async () => {
    const c = manualClock();
    const real = authTokenProvider(rds({ credentials: { ...CREDS, secretAccessKey: `${SECRET}\ufffd` }, clock: c.clock }));
    const alias = authTokenProvider(rds({ credentials: { ...CREDS, secretAccessKey: `${SECRET}\ud800` }, clock: c.clock }));
    await real();
    await assert.rejects(alias(), isError("INVALID_CREDENTIALS", "credentials.secretAccessKey"));
    assert.equal(alias.sync(), undefined);
  });

  test("a huge secret is refused before anything is copied or hashed", async () => {
    const p = authTokenProvider(rds({ cache: new TokenCache(), credentials: { ...CREDS, secretAccessKey: "s".repeat(10 * 1024 * 1024) } }));
    await assert.rejects(p(), isError("INVALID_CREDENTIALS", "credentials.secretAccessKey"));
  });

  test("no secret or session token in what the cache shows", async () => {
    const cache = new TokenCache();
    const p = authTokenProvider(rds({ cache }));
    await p();
    const { inspect } = await import("node:util");
    assertClean(assert, inspect(cache, { showHidden: true, depth: 9 }) + JSON.stringify(cache) + String(cache));
  });
});

describe("the clock stepping back", () => {
  test("a token signed after now (beyond a second) is a miss: a new one is signed for now", async () => {
    const c = manualClock();
    const cache = new TokenCache();
    const p = authTokenProvider(rds({ clock: c.clock, cache, refreshAheadSeconds: 0 }));
    const start = c.t;
    const first = await p();
    c.set(start - 10 * 60_000); // NTP or a VM resume moved the clock back 10 minutes
    const second = await p();
    assert.notEqual(second, first);
    assert.equal(inspectToken(second).signedAt, start - 10 * 60_000);
    assert.equal(p.sync(), second, "the re-signed token is then a hit");
    c.set(start - 500); // within the skew: still a hit
    assert.equal(await p(), second);
  });

  test("another provider with a clock behind does not get the first one's future token", async () => {
    const cache = new TokenCache();
    const ahead = manualClock(Date.UTC(2024, 5, 1, 12, 5, 0));
    const behind = manualClock(Date.UTC(2024, 5, 1, 12, 0, 0));
    const a = authTokenProvider(rds({ clock: ahead.clock, cache }));
    const b = authTokenProvider(rds({ clock: behind.clock, cache }));
    await a();
    assert.equal(inspectToken(await b()).signedAt, behind.t);
  });
});

describe("invalidate() and loginRefused() during a credential fetch", () => {
  for (const [what, drop] of [
    ["invalidate()", (p) => p.invalidate()],
    ["loginRefused()", (p) => assert.equal(p.loginRefused({ code: "28P01" }), true)],
  ]) {
    test(`${what}: the fetch under way is not kept, and the next call forces a refresh`, async () => {
      const c = manualClock();
      const gate = deferred();
      const cache = new TokenCache();
      const stale = { ...CREDS, secretAccessKey: `${SECRET}-stale`, expiration: new Date(c.t + 3600_000) };
      const fresh = { ...CREDS, expiration: new Date(c.t + 3600_000) };
      const creds = scriptedProvider((n) => (n === 1 ? gate.promise : fresh));
      const p = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache }));
      const waiting = p();
      await settle();
      drop(p);
      gate.resolve(stale);
      const token = await waiting;
      assert.deepEqual(creds.calls, [{}, { forceRefresh: true }]);
      assert.ok(verifies(token, SECRET, c.t), "the waiting caller gets a token of the fresh credentials");
      assert.equal(await p(), token);
      assert.equal(creds.calls.length, 2);
      assert.equal(cache.size, 1);
    });
  }

  test("a background refresh under way when invalidate() comes stores nothing", async () => {
    const c = manualClock();
    const gate = deferred();
    const cache = new TokenCache();
    const creds = scriptedProvider((n) => (n === 1 ? { ...CREDS, expiration: new Date(c.t + 10 * 60_000) } : n === 2 ? gate.promise : { ...CREDS, expiration: new Date(c.t + 3600_000) }));
    const p = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache }));
    await p();
    c.advance(7 * 60_000);
    await p(); // background refresh waits on the gate
    await settle();
    p.invalidate();
    gate.resolve({ ...CREDS, secretAccessKey: `${SECRET}-stale`, expiration: new Date(c.t + 3600_000) });
    await settle();
    const token = await p();
    assert.ok(verifies(token, SECRET, c.t));
  });
});

describe("a credential provider that never answers", () => {
  test("times out with TIMEOUT (credentialTimeoutSeconds), and the next call asks again", async () => {
    const never = scriptedProvider((n) => (n === 1 ? new Promise(() => {}) : { ...CREDS }));
    const p = authTokenProvider(rds({ credentials: never, cache: new TokenCache(), credentialTimeoutSeconds: 0.02 }));
    await assert.rejects(p(), (e) => {
      assert.ok(isError("TIMEOUT", "credentials")(e), e.message);
      assert.match(e.message, /did not answer within 20 ms/);
      return true;
    });
    assert.equal(typeof (await p()), "string");
    assert.equal(p.stats().failures.TIMEOUT, 1);
  });

  test("close() rejects the waiting callers and settles at once, also after sync() started the fetch", async () => {
    const never = scriptedProvider(() => new Promise(() => {}));
    // (a short timeout only so that the test file ends soon after)
    const p = authTokenProvider(rds({ credentials: never, cache: new TokenCache(), credentialTimeoutSeconds: 0.05 }));
    assert.equal(p.sync(), undefined); // starts the fetch
    const waiting = p();
    waiting.catch(() => {}); // judged below
    let closed = false;
    p.close().then(() => (closed = true));
    await settle();
    assert.equal(closed, true);
    await assert.rejects(waiting, isError("INVALID_INPUT", "provider"));
  });

  test("a fetch that finishes after close() stores nothing", async () => {
    const gate = deferred();
    const cache = new TokenCache();
    const creds = scriptedProvider(() => gate.promise);
    const p = authTokenProvider(rds({ credentials: creds, cache }));
    const waiting = p();
    await settle();
    await p.close();
    gate.resolve({ ...CREDS });
    await assert.rejects(waiting, isError("INVALID_INPUT", "provider"));
    await settle();
    assert.equal(cache.size, 0);
  });

  test("the timeout option is checked: at most 2^31-1 ms, a positive number", () => {
    for (const bad of [0, -1, NaN, Infinity, "10", 2 ** 31 / 1000]) {
      assert.throws(() => authTokenProvider(rds({ cache: new TokenCache(), credentialTimeoutSeconds: bad })), isError("INVALID_INPUT", "credentialTimeoutSeconds"), String(bad));
    }
  });
});

describe("messages", () => {
  test("a clock returning NaN is INVALID_TIME naming clock, not CREDENTIALS_EXPIRED", async () => {
    for (const bad of [NaN, Infinity, -1, "now", undefined]) {
      const p = authTokenProvider(rds({ cache: new TokenCache(), clock: () => bad }));
      await assert.rejects(p(), isError("INVALID_TIME", "clock"), String(bad));
      assert.equal(p.sync(), undefined);
    }
  });

  test("CREDENTIALS_EXPIRED says when and from which source", async () => {
    const c = manualClock();
    const at = new Date(c.t - 60_000);
    const p = authTokenProvider(rds({ cache: new TokenCache(), clock: c.clock, credentials: { ...CREDS, expiration: at } }));
    await assert.rejects(p(), (e) => {
      assert.ok(isError("CREDENTIALS_EXPIRED", "credentials")(e));
      assert.ok(e.message.includes(at.toISOString()), e.message);
      assert.match(e.message, /the credentials object/);
      assertClean(assert, e.message);
      return true;
    });
    async function fetchMyCreds() {
      return { ...CREDS, expiration: new Date(c.t + 30_000) };
    }
    const q = authTokenProvider(rds({ cache: new TokenCache(), clock: c.clock, credentials: fetchMyCreds }));
    await assert.rejects(q(), (e) => {
      assert.match(e.message, /fetchMyCreds\(\)/);
      assert.match(e.message, /expire at .*within the 60 s safety margin/);
      return true;
    });
  });

  test("fromEnv names the environment when its credentials expired", async (t) => {
    const saved = { ...process.env };
    t.after(() => {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    });
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: AKID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_CREDENTIAL_EXPIRATION: "2020-01-01T00:00:00Z" });
    const p = authTokenProvider(rds({ cache: new TokenCache(), credentials: cjs.fromEnv() }));
    await assert.rejects(p(), (e) => e.code === "CREDENTIALS_EXPIRED" && /environment/.test(e.message) && e.message.includes("2020-01-01T00:00:00.000Z"));
  });
});
