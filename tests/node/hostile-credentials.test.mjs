// Issue 13, in the forms the first fixes did not cover: credentials objects
// changed in place, getters and Proxies that throw (with a secret in the
// text), errors whose `name` is a secret, expirations that are not Dates on
// every path (Hyperdrive too), and a closed provider that must let the
// process exit while its credential provider never answers.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import http from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, test } from "node:test";

import { AKID, CREDS, SECRET, SESSION, assertClean, cjs, manualClock, rds, settle } from "./wrapper-support.mjs";

const { authTokenProvider, inspectToken, verifyToken, TokenCache, RdsIamError, Signer, rotateHyperdrivePassword } = cjs;

const isError = (code, field) => (e) => e instanceof RdsIamError && e.code === code && (field === undefined || e.field === field);
const verifies = (token, secretAccessKey, now) => verifyToken(token, { secretAccessKey, now }).ok;

/** Everything a caller can see of a failure: message, stack, inspect, JSON of the events and stats. */
function everything(error, events, provider) {
  return [String(error?.message), String(error?.stack), inspect(error), JSON.stringify(events), JSON.stringify(provider?.stats?.() ?? {})].join("\n");
}

describe("a static credentials object changed in place", () => {
  test("a new secret (or session token) is signed with at once, by this provider and by new ones", async () => {
    const c = manualClock();
    const cache = new TokenCache();
    const creds = { accessKeyId: AKID, secretAccessKey: SECRET };
    const p = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache }));
    const before = await p();
    assert.ok(verifies(before, SECRET, c.t));

    creds.secretAccessKey = `${SECRET}-rotated`;
    const after = await p();
    assert.notEqual(after, before, "the old identity's token is not handed out");
    assert.ok(verifies(after, `${SECRET}-rotated`, c.t));
    assert.equal(p.sync(), after);
    const q = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache }));
    assert.ok(verifies(await q(), `${SECRET}-rotated`, c.t), "a provider made later with the same object reads it as it is now");

    creds.sessionToken = SESSION;
    const withSession = await p();
    assert.notEqual(withSession, after);
    assert.ok(withSession.includes("X-Amz-Security-Token="));
    await Promise.all([p.close(), q.close()]);
  });

  test("the drop-in Signer too", async () => {
    const c = manualClock();
    const creds = { accessKeyId: AKID, secretAccessKey: SECRET };
    const signer = new Signer({ ...rds({ credentials: creds, clock: c.clock }), cache: new TokenCache() });
    assert.ok(verifies(await signer.getAuthToken(), SECRET, c.t));
    creds.secretAccessKey = `${SECRET}-2`;
    assert.ok(verifies(await signer.getAuthToken(), `${SECRET}-2`, c.t));
  });

  test("an expiration moved into the past ends the cached token (CREDENTIALS_EXPIRED)", async () => {
    const c = manualClock();
    const creds = { ...CREDS, expiration: new Date(c.t + 3600_000) };
    const p = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache: new TokenCache() }));
    await p();
    creds.expiration.setTime(c.t - 1000);
    await assert.rejects(p(), isError("CREDENTIALS_EXPIRED", "credentials"));
    assert.equal(p.sync(), undefined);
  });

  test("a Date returned by a provider and changed later does not move the cached token's end", async () => {
    const c = manualClock();
    const expiration = new Date(c.t + 3600_000);
    const p = authTokenProvider(rds({ credentials: async () => ({ ...CREDS, expiration }), clock: c.clock, cache: new TokenCache() }));
    await p();
    const { usableUntil } = p.stats();
    expiration.setTime(c.t + 365 * 86400_000);
    c.advance(20 * 60_000); // past the first token's life: a new one is signed
    await p();
    assert.ok(p.stats().usableUntil <= c.t + 15 * 60_000, "judged by the time the provider gave");
    assert.ok(usableUntil <= c.t);
  });
});

describe("credentials that throw when read", () => {
  const throwing = (what) => ({
    accessKeyId: AKID,
    get secretAccessKey() {
      throw what;
    },
  });

  for (const [name, thrown] of [
    ["an Error holding the secret", new Error(`cannot read ${SECRET}`)],
    ["an object named by the secret", { name: SECRET }],
  ]) {
    test(`a getter that throws ${name}: INVALID_CREDENTIALS naming the field, nothing of the secret`, () => {
      let error;
      try {
        authTokenProvider(rds({ credentials: throwing(thrown), cache: new TokenCache() }));
      } catch (e) {
        error = e;
      }
      assert.ok(isError("INVALID_CREDENTIALS", "credentials.secretAccessKey")(error), String(error));
      assertClean(assert, everything(error, []));
    });
  }

  test("a provider answering with an object whose getter throws: INVALID_CREDENTIALS, typed", async () => {
    const p = authTokenProvider(rds({ credentials: async () => throwing(new Error(SECRET)), cache: new TokenCache() }));
    await assert.rejects(p(), isError("INVALID_CREDENTIALS", "credentials.secretAccessKey"));
  });
});

describe("a credential provider that rejects with something hostile", () => {
  const named = (name) => Object.assign(new Error("plain"), { name });
  const cases = [
    ["an Error whose name is the secret", () => named(`Err${SECRET}`)],
    ["an Error whose name is a long opaque run", () => named("A".repeat(40))],
    ["a plain object whose name is the session token", () => ({ name: SESSION })],
    ["a Proxy whose every property read throws the secret", () => new Proxy({}, { get: () => { throw new Error(SECRET); } })],
    ["an Error whose name getter throws the secret", () => Object.defineProperty(new Error("x"), "name", { get: () => { throw new Error(SECRET); } })],
  ];
  for (const [what, make] of cases) {
    test(`${what}: PROVIDER_FAILED, clean everywhere`, async () => {
      const events = [];
      const p = authTokenProvider(rds({ credentials: async () => { throw make(); }, cache: new TokenCache(), onEvent: (e) => events.push(e) }));
      let error;
      await p().catch((e) => (error = e));
      assert.ok(isError("PROVIDER_FAILED", "credentials")(error), String(error));
      assert.match(error.message, /failed \(unknown\)$/);
      assertClean(assert, everything(error, events, p), [SECRET.slice(0, 20), SESSION.slice(0, 20), "A".repeat(40)]);
      await p.close();
    });
  }

  test("an ordinary error keeps its kind", async () => {
    class CredentialsProviderError extends Error {
      name = "CredentialsProviderError";
    }
    const p = authTokenProvider(rds({ credentials: async () => { throw new CredentialsProviderError(`no ${SECRET}`); }, cache: new TokenCache() }));
    await assert.rejects(p(), (e) => isError("PROVIDER_FAILED")(e) && /\(CredentialsProviderError\)$/.test(e.message) && !e.message.includes(SECRET));
  });
});

describe("close() lets the process exit", () => {
  // A child process: the parent cannot see a timer the child keeps, only whether it exits.
  const child = (body) =>
    spawnSync(process.execPath, ["--input-type=module", "-e", `
      const { authTokenProvider, TokenCache } = (await import("node:module")).createRequire(${JSON.stringify(import.meta.url)})("../../pkg");
      const rds = { hostname: "db.cluster-abc.us-east-1.rds.amazonaws.com", port: 5432, username: "u", region: "us-east-1" };
      ${body}
    `], { encoding: "utf8", timeout: 120_000 });

  for (const [what, start] of [
    ["a caller waiting on it", "p().catch((e) => console.log(e.code));"],
    ["sync() having started the fetch", "p.sync();"],
  ]) {
    test(`a credential provider that never answers, ${what}: closing lets the process end (no timer left)`, () => {
      const run = child(`
        const p = authTokenProvider({ ...rds, credentials: () => new Promise(() => {}), cache: new TokenCache(), credentialTimeoutSeconds: 86400 });
        ${start}
        await new Promise((r) => setImmediate(r));
        await p.close();
        console.log("closed");
      `);
      assert.equal(run.signal, null, "the process ended on its own (a timer held it until the test's guard)");
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /closed/);
    });
  }

  test("our own Node source waiting on an endpoint that never answers: closing ends its request (no socket or timer left)", async () => {
    const sockets = new Set();
    const silent = http.createServer(() => {}); // takes the request, never answers
    silent.on("connection", (s) => sockets.add(s));
    await new Promise((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const run = await new Promise((resolve) => {
        const child = spawn(process.execPath, ["--input-type=module", "-e", `
          const { authTokenProvider, fromContainer, TokenCache } = (await import("node:module")).createRequire(${JSON.stringify(import.meta.url)})("../../pkg");
          process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = "http://127.0.0.1:${silent.address().port}/creds";
          const rds = { hostname: "db.cluster-abc.us-east-1.rds.amazonaws.com", port: 5432, username: "u", region: "us-east-1" };
          const p = authTokenProvider({ ...rds, credentials: fromContainer({ timeoutMs: 2000000000, maxAttempts: 4 }), cache: new TokenCache(), credentialTimeoutSeconds: 86400 });
          p().catch((e) => console.log(e.code));
          await new Promise((r) => setTimeout(r, 200)); // the request is under way
          await p.close();
          console.log("closed");
        `], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        const guard = setTimeout(() => child.kill(), 120_000);
        child.on("close", (status, signal) => {
          clearTimeout(guard);
          resolve({ status, signal, out });
        });
      });
      assert.equal(run.signal, null, "the process ended on its own (the request held it until the test's guard)");
      assert.equal(run.status, 0, run.out);
      assert.match(run.out, /closed/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  test("a provider made right after the last one closed starts its own fetch, not the abandoned one", async () => {
    const answers = [];
    const creds = () => new Promise((resolve) => answers.push(resolve));
    const cache = new TokenCache();
    const first = authTokenProvider(rds({ credentials: creds, cache }));
    first().catch(() => {});
    await first.close();
    const next = authTokenProvider(rds({ credentials: creds, cache }));
    const token = next();
    await settle();
    assert.equal(answers.length, 2, "asked again");
    answers[1]({ ...CREDS });
    assert.ok(verifies(await token, SECRET, Date.now()));
    await next.close();
  });

  test("another open provider of the same credential provider keeps the fetch going, and gets its answer", async () => {
    let answer;
    const creds = () => new Promise((resolve) => (answer = resolve));
    const cache = new TokenCache();
    const a = authTokenProvider(rds({ credentials: creds, cache }));
    const b = authTokenProvider(rds({ credentials: creds, cache, username: "other_user" }));
    const waiting = b();
    const closed = a().catch((e) => e);
    await a.close();
    assert.ok(isError("INVALID_INPUT", "provider")(await closed));
    answer({ ...CREDS });
    assert.ok(verifies(await waiting, SECRET, Date.now()));
    await b.close();
  });
});

describe("rotateHyperdrivePassword checks credentials as the cache does", () => {
  const base = {
    accountId: "0123456789abcdef0123456789abcdef",
    configId: "cfg",
    apiToken: "cf-api-token-EXAMPLE",
    ...rds(),
    now: Date.UTC(2026, 0, 1),
  };
  const patches = [];
  const fetch = async (url, init) => {
    patches.push(init.body);
    return new Response('{"success":true}', { status: 200 });
  };

  for (const [what, expiration] of [
    ["an ISO string in the past", "2001-01-01T00:00:00Z"],
    ["epoch milliseconds in the past", Date.UTC(2001, 0, 1)],
    ["an invalid Date", new Date(NaN)],
  ]) {
    test(`an expiration that is ${what}: INVALID_CREDENTIALS, and nothing is sent`, async () => {
      patches.length = 0;
      for (const credentials of [{ ...CREDS, expiration }, async () => ({ ...CREDS, expiration })]) {
        await assert.rejects(rotateHyperdrivePassword({ ...base, credentials, fetch }), isError("INVALID_CREDENTIALS", "credentials.expiration"));
      }
      assert.equal(patches.length, 0);
    });
  }

  test("an apiBaseUrl with user:password@: INVALID_INPUT naming it, the password not shown, nothing sent", async () => {
    patches.length = 0;
    const password = "p4ssw0rdInTheApiBaseUrl";
    const error = await rotateHyperdrivePassword({ ...base, credentials: CREDS, fetch, apiBaseUrl: `https://user:${password}@api.example.com` }).catch((e) => e);
    assert.ok(isError("INVALID_INPUT", "apiBaseUrl")(error), String(error));
    assertClean(assert, everything(error, []), [password]);
    assert.equal(patches.length, 0);
  });

  test("expired Date credentials: CREDENTIALS_EXPIRED, nothing sent", async () => {
    patches.length = 0;
    await assert.rejects(
      rotateHyperdrivePassword({ ...base, credentials: { ...CREDS, expiration: new Date(base.now - 1000) }, fetch }),
      isError("CREDENTIALS_EXPIRED"),
    );
    assert.equal(patches.length, 0);
  });

  test("a custom fetch that ignores the abort signal, its body dripping without end: the body is cancelled at the deadline", async () => {
    let cancelled = false;
    let timer;
    const drip = new ReadableStream({
      pull: (controller) =>
        new Promise((resolve) => {
          timer = setTimeout(() => {
            if (!cancelled) controller.enqueue(new Uint8Array([0x20]));
            resolve();
          }, 5);
        }),
      cancel: () => {
        cancelled = true;
        clearTimeout(timer);
      },
    });
    const ignoring = async () => new Response(drip, { status: 500 });
    await assert.rejects(rotateHyperdrivePassword({ ...base, credentials: CREDS, fetch: ignoring, timeoutMs: 50 }), isError("TIMEOUT"));
    await settle();
    assert.ok(cancelled, "the body is no longer read once the deadline passed");
  });

  test("a provider or fetch failing with a secret for a name: the kind is withheld", async () => {
    const named = () => Object.assign(new Error("x"), { name: `N${SECRET}` });
    const failed = await rotateHyperdrivePassword({ ...base, credentials: async () => { throw named(); }, fetch }).catch((e) => e);
    assert.ok(isError("PROVIDER_FAILED", "credentials")(failed));
    assertClean(assert, everything(failed, []), [SECRET.slice(0, 20)]);
    const unreachable = await rotateHyperdrivePassword({ ...base, credentials: CREDS, fetch: async () => { throw named(); } }).catch((e) => e);
    assert.ok(isError("HTTP_ERROR")(unreachable));
    assertClean(assert, everything(unreachable, []), [SECRET.slice(0, 20)]);
  });
});

describe("a shared cache serves each provider by its own limits", () => {
  test("a provider with a longer safety margin never takes a token another would still hand out", async () => {
    const c = manualClock();
    const cache = new TokenCache();
    const short = authTokenProvider(rds({ clock: c.clock, cache, safetyMarginSeconds: 1, refreshAheadSeconds: 0 }));
    const long = authTokenProvider(rds({ clock: c.clock, cache, safetyMarginSeconds: 300, refreshAheadSeconds: 0 }));
    const first = await short();
    c.advance(13 * 60_000); // 120 s of the first token left: fine for `short`, not for `long`
    assert.equal(await short(), first);
    const fromLong = await long();
    assert.notEqual(fromLong, first);
    assert.ok(inspectToken(fromLong).expiresAt - c.t >= 300_000, "at least the margin left");
    assert.ok(long.stats().usableUntil - c.t > 0);
  });

  test("credentials said to expire sooner end the shared token sooner (same key, secret and session token)", async () => {
    const c = manualClock();
    const cache = new TokenCache();
    const open = authTokenProvider(rds({ credentials: { ...CREDS }, clock: c.clock, cache }));
    const ending = authTokenProvider(rds({ credentials: { ...CREDS, expiration: new Date(c.t + 5 * 60_000) }, clock: c.clock, cache }));
    const token = await open();
    assert.equal(await ending(), token, "shared while both may use it");
    c.advance(4.5 * 60_000); // inside `ending`'s 60 s margin
    assert.equal(await open(), token);
    await assert.rejects(ending(), isError("CREDENTIALS_EXPIRED"));
    assert.equal(ending.sync(), undefined);
  });
});

describe("a token life the margin eats", () => {
  test("expiresIn barely over the margin, signed late in a second: INVALID_EXPIRES_IN, not a RangeError", async () => {
    const c = manualClock(Date.UTC(2026, 0, 1) + 999);
    const p = authTokenProvider(rds({ credentials: { accessKeyId: AKID, secretAccessKey: SECRET }, expiresIn: 61, safetyMarginSeconds: 60.9, clock: c.clock, cache: new TokenCache() }));
    await assert.rejects(p(), isError("INVALID_EXPIRES_IN", "expiresIn"));
    assert.equal(p.stats().failures.INVALID_EXPIRES_IN, 1);
  });
});

describe("an options object that throws when read", () => {
  // Every trap throws an Error whose text is the secret.
  const hostile = () => {
    const trap = () => {
      throw new Error(SECRET);
    };
    return new Proxy({}, { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap });
  };
  const entries = [
    ["authTokenProvider", () => authTokenProvider(hostile())],
    ["new TokenCache", () => new TokenCache(hostile())],
    ["fromContainer", () => cjs.fromContainer(hostile())],
    ["fromInstanceMetadata", () => cjs.fromInstanceMetadata(hostile())],
    ["fromWebIdentity", () => cjs.fromWebIdentity(hostile())],
    ["fromSharedFile", () => cjs.fromSharedFile(hostile())],
    ["defaultCredentials", () => cjs.defaultCredentials(hostile())],
    ["rotateHyperdrivePassword", () => rotateHyperdrivePassword(hostile())],
  ];
  for (const [name, call] of entries) {
    test(`${name}: INVALID_INPUT (options), nothing of what the trap threw`, async () => {
      let error;
      try {
        await call();
      } catch (e) {
        error = e;
      }
      assert.ok(isError("INVALID_INPUT", "options")(error), `${name}: ${error?.constructor?.name} ${error?.message}`);
      assertClean(assert, everything(error, []));
    });
  }
});

describe("an empty session token", () => {
  test("is INVALID_CREDENTIALS whatever the cache holds (the core digests it as none)", async () => {
    const cache = new TokenCache();
    const none = authTokenProvider(rds({ credentials: { accessKeyId: AKID, secretAccessKey: SECRET }, cache }));
    await none();
    const empty = { accessKeyId: AKID, secretAccessKey: SECRET, sessionToken: "" };
    assert.throws(() => authTokenProvider(rds({ credentials: { ...empty }, cache })), isError("INVALID_CREDENTIALS", "credentials.sessionToken"));
    const fetched = authTokenProvider(rds({ credentials: async () => ({ ...empty }), cache }));
    await assert.rejects(fetched(), isError("INVALID_CREDENTIALS", "credentials.sessionToken"));
    assert.equal(fetched.sync(), undefined);
  });
});

describe("the default chain follows the profile a provider was made under", () => {
  test("AWS_PROFILE changed between two providers: each signs with its own profile's keys (and a Signer too)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rds-iam-edge-profiles-"));
    const saved = { ...process.env };
    try {
      writeFileSync(join(dir, "credentials"), "[dev]\naws_access_key_id = AKIDDEVPROFILE\naws_secret_access_key = dev-secret\n[prod]\naws_access_key_id = AKIDPRODPROFILE\naws_secret_access_key = prod-secret\n");
      for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"]) delete process.env[name];
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "credentials");
      process.env.AWS_CONFIG_FILE = join(dir, "missing-config");
      process.env.AWS_EC2_METADATA_DISABLED = "true";
      const endpoint = { hostname: "db.cluster-abc.us-east-1.rds.amazonaws.com", port: 5432, region: "us-east-1" };
      process.env.AWS_PROFILE = "dev";
      const dev = authTokenProvider({ ...endpoint, username: "dev_user" });
      assert.equal(inspectToken(await dev()).accessKeyId, "AKIDDEVPROFILE");
      process.env.AWS_PROFILE = "prod";
      const prod = authTokenProvider({ ...endpoint, username: "prod_user" });
      assert.equal(inspectToken(await prod()).accessKeyId, "AKIDPRODPROFILE");
      assert.equal(inspectToken(await new Signer({ ...endpoint, username: "prod_user" }).getAuthToken()).accessKeyId, "AKIDPRODPROFILE");
      assert.equal(inspectToken(await dev()).accessKeyId, "AKIDDEVPROFILE", "the first keeps its own");
      await Promise.all([dev.close(), prod.close()]);
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
