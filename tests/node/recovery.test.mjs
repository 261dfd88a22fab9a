// Stale-token recovery without a server: what counts as a refused login,
// one forced fresh token per key per window, refusals of tokens already
// replaced, forceRefresh to the credential provider, and the hooks that
// see refusals (pgPool's Client, the mysql2 plugin). Real logins refused by
// the local PostgreSQL / MariaDB stand-ins: tests/e2e/recovery.test.mjs.
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { describe, test } from "node:test";

import { CREDS, cjs, manualClock, rds, scriptedProvider } from "./wrapper-support.mjs";

const { authTokenProvider, pgConfig, pgPool, mysql2Options, TokenCache, RdsIamError } = cjs;

const refusal = (code = "28P01") => Object.assign(new Error("password authentication failed"), { code });
const mysqlRefusal = () => Object.assign(new Error("Access denied"), { errno: 1045, code: "ER_ACCESS_DENIED_ERROR" });

describe("loginRefused", () => {
  test("PostgreSQL 28P01 / 28000 and MySQL 1045 count; anything else is ignored", () => {
    const c = manualClock();
    const provider = authTokenProvider(rds({ clock: c.clock, cache: new TokenCache() }));
    for (const other of [new Error("ECONNRESET"), Object.assign(new Error("x"), { code: "57P01" }), { errno: 1040 }, "28P01", null, undefined]) {
      assert.equal(provider.loginRefused(other), false);
    }
    assert.equal(provider.stats().refusedLogins, 0);
    for (const error of [refusal("28P01"), refusal("28000"), mysqlRefusal(), { errno: 1045 }]) {
      provider.sync();
      assert.equal(provider.loginRefused(error), true, String(error?.code ?? error?.errno));
      c.advance(10_000); // one window later
    }
    assert.equal(provider.stats().refusedLogins, 4);
    assert.equal(provider.stats().forcedRefreshes, 4);
  });

  test("one forced fresh token per key per 10 s window, never a loop", async () => {
    const c = manualClock();
    const events = [];
    const provider = authTokenProvider(rds({ clock: c.clock, cache: new TokenCache(), onEvent: (e) => events.push(e.type === "refused" ? `refused:${e.forced}` : e.type) }));
    const first = await provider();
    assert.equal(provider.loginRefused(refusal()), true);
    assert.equal(provider.stats().usableUntil, null, "the token is gone");
    c.advance(1000);
    const second = await provider();
    assert.notEqual(second, first);
    for (let i = 0; i < 20; i++) assert.equal(provider.loginRefused(refusal()), false); // same window: the fresh token stays
    assert.equal(await provider(), second);
    c.advance(9_000);
    assert.equal(provider.loginRefused(refusal()), true, "a new window");
    await provider();
    const s = provider.stats();
    assert.deepEqual([s.signings, s.refusedLogins, s.forcedRefreshes], [3, 22, 2]);
    assert.deepEqual(events, ["sign", "refused:true", "sign", ...Array(20).fill("refused:false"), "refused:true", "sign"]);
  });

  test("the window is per key and shared by providers of that key on one cache", async () => {
    const c = manualClock();
    const cache = new TokenCache();
    const a = authTokenProvider(rds({ clock: c.clock, cache }));
    const b = authTokenProvider(rds({ clock: c.clock, cache }));
    const other = authTokenProvider(rds({ clock: c.clock, cache, username: "someone_else" }));
    await Promise.all([a(), b(), other()]);
    assert.equal(a.loginRefused(refusal()), true);
    assert.equal(b.loginRefused(refusal()), false, "same key, same window");
    assert.equal(other.loginRefused(refusal()), true, "another key");
  });

  test("the credentials are fetched again with forceRefresh, so an SDK provider hands out new ones", async () => {
    const c = manualClock();
    const creds = scriptedProvider(() => ({ ...CREDS, expiration: new Date(c.t + 3600_000) }));
    const provider = authTokenProvider(rds({ credentials: creds, clock: c.clock, cache: new TokenCache() }));
    await provider();
    provider.loginRefused(refusal());
    await provider();
    assert.deepEqual(creds.calls, [{}, { forceRefresh: true }]);
    provider.invalidate(); // a plain invalidate does not force
    await provider();
    assert.deepEqual(creds.calls.at(-1), {});
  });

  test("a closed provider ignores refusals", async () => {
    const provider = authTokenProvider(rds({ cache: new TokenCache() }));
    await provider();
    await provider.close();
    assert.equal(provider.loginRefused(refusal()), false);
  });
});

/** A stand-in for the pg module: Pool makes Clients as pg-pool does; Client.connect asks for the password, then the "server" decides. */
function fakePg(verdict) {
  class Client {
    constructor(config) {
      this.config = config;
      this.password = config.password;
    }
    connect(callback) {
      const run = (async () => {
        if (typeof this.password === "function") this.password = await this.password();
        const error = verdict(this.password);
        if (error) throw error;
        return this;
      })();
      if (callback) {
        run.then(() => callback(), (e) => callback(e));
        return undefined;
      }
      return run;
    }
  }
  class Pool {
    constructor(options) {
      this.options = options;
      this.Client = options.Client ?? Client;
    }
    connect() {
      const client = new this.Client(this.options);
      return new Promise((resolve, reject) => client.connect((e) => (e ? reject(e) : resolve(client))));
    }
  }
  return { Pool, Client };
}

describe("pgPool", () => {
  test("its Clients report a refused login of the token they sent; a late refusal of a replaced token is ignored", async () => {
    const c = manualClock();
    const refused = new Set();
    const pg = fakePg((token) => (refused.has(token) ? refusal() : undefined));
    const config = pgConfig(rds({ clock: c.clock, cache: new TokenCache() }));
    const pool = pgPool(pg, { ...config, max: 10 });
    const stale = await config.password();
    refused.add(stale);
    const late = new pool.Client(pool.options); // connects with the stale token
    await assert.rejects(pool.connect(), (e) => e.code === "28P01");
    assert.equal(config.password.stats().forcedRefreshes, 1);
    c.advance(1000);
    await pool.connect(); // a fresh token
    assert.equal(config.password.stats().signings, 2);
    c.advance(60_000); // past the window: only the token check stops this one
    late.password = stale;
    await assert.rejects(late.connect(), (e) => e.code === "28P01");
    assert.equal(config.password.stats().forcedRefreshes, 1);
    assert.equal(config.password.stats().refusedLogins, 2);
  });

  test("the promise form of connect() is seen too; other errors pass through untouched", async () => {
    const pg = fakePg(() => Object.assign(new Error("terminated"), { code: "57P01" }));
    const config = pgConfig(rds({ cache: new TokenCache() }));
    const pool = pgPool(pg, config);
    await assert.rejects(new pool.Client(config).connect(), (e) => e.code === "57P01");
    assert.equal(config.password.stats().refusedLogins, 0);
  });

  test("its input is checked", () => {
    const pg = fakePg(() => undefined);
    const config = pgConfig(rds({ cache: new TokenCache() }));
    const isInput = (field) => (e) => e instanceof RdsIamError && e.code === "INVALID_INPUT" && e.field === field;
    assert.throws(() => pgPool({}, config), isInput("pg"));
    assert.throws(() => pgPool(pg, { ...config, password: "static" }), isInput("password"));
    assert.throws(() => pgPool(pg, { ...config, Client: 5 }), isInput("Client"));
    assert.throws(() => pgPool(pg, null), isInput("config"));
  });
});

describe("mysql2's clear-password plugin", () => {
  test("watches its login command: a 1045 for the token it sent forces a fresh one", async () => {
    const options = mysql2Options(rds({ port: 3306, cache: new TokenCache(), ssl: {} }));
    const plugin = options.authPlugins.mysql_clear_password;
    const command = new EventEmitter();
    command.on("error", () => {}); // mysql2's connection listens too
    const answer = await plugin({ connection: {}, command })();
    assert.ok(answer.endsWith("\0"));
    command.emit("error", mysqlRefusal());
    assert.equal(options.provider.stats().forcedRefreshes, 1);
    // Without a command (older mysql2) it still answers.
    assert.ok((await plugin()()).endsWith("\0"));
  });
});
