// Stale-token recovery against the real local stand-ins: the server refuses
// a login (its IAM check finds the signature wrong), the driver wrapper sees
// the refusal, the token is dropped, and the next connection logs in with
// one fresh token. The credential provider hands out a wrong secret on its
// first call and the right one afterwards, as a rotated or revoked key
// would look to a cache that still holds tokens signed with the old one.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import knex from "knex";
import mysql from "mysql2/promise";
import pg from "pg";
import postgres from "postgres";
import { ca, hostname, keys, pkg, region, servers } from "./helpers.mjs";

const { pgConfig, pgPool, postgresJsOptions, mysql2Options, TokenCache } = pkg;
const pgDb = { hostname, port: servers.postgres.port, username: "iam_user", database: "postgres", region, ssl: { ca } };
const REFUSED = ["28000", "28P01"];

/** A credential provider whose first `wrong` answers carry a wrong secret; `gate` holds the first answer back. */
function wrongFirst({ wrong = 1, gate } = {}) {
  const calls = [];
  const provider = async (options) => {
    calls.push(options ?? {});
    if (calls.length === 1 && gate) await gate;
    return calls.length <= wrong ? { ...keys.longTerm, secretAccessKey: "a-secret-that-was-rotated-away" } : keys.longTerm;
  };
  provider.calls = calls;
  return provider;
}

/**
 * The checker's decisions logged after offset `from` (never tokens), one
 * per entry. Decisions are split on their own prefix, not on newlines:
 * concurrent checkers append a line and its newline in two writes, so two
 * lines can share one.
 */
function checks(server, from) {
  const text = readFileSync(server.checkerLog, "utf8");
  const after = text.slice(from).split(/(?=rds-iam-verify: )/).map((l) => l.trim()).filter(Boolean);
  return { count: text.length, after };
}

async function until(condition, what, ms = 20_000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe("node-postgres through pgPool", () => {
  test("one refused login -> one forced re-sign -> the next connection logs in", async () => {
    const credentials = wrongFirst();
    const config = pgConfig({ ...pgDb, credentials, cache: new TokenCache() });
    const pool = pgPool(pg, { ...config, max: 5 });
    const before = checks(servers.postgres, 0).count;
    try {
      await assert.rejects(pool.query("select 1"), (e) => REFUSED.includes(e.code));
      await until(() => /reject user="iam_user" code=SIGNATURE_MISMATCH/.test(checks(servers.postgres, before).after.join("\n")), "the refusal in the checker's log", 5000);
      let s = config.password.stats();
      assert.deepEqual([s.signings, s.refusedLogins, s.forcedRefreshes], [1, 1, 1]);

      const { rows } = await pool.query("select current_user as who");
      assert.equal(rows[0].who, "iam_user");
      s = config.password.stats();
      assert.deepEqual([s.signings, s.refusedLogins, s.forcedRefreshes], [2, 1, 1]);
      assert.deepEqual(credentials.calls, [{}, { forceRefresh: true }]);
      await until(() => /accept user="iam_user"/.test(checks(servers.postgres, before).after.at(-1) ?? ""), "the accepted login in the checker's log", 5000);
    } finally {
      await pool.end();
    }
  });

  test("50 concurrent logins refused with one token -> one forced re-sign; then 50 logins, one new token", async () => {
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    const credentials = wrongFirst({ gate });
    const config = pgConfig({ ...pgDb, credentials, cache: new TokenCache() });
    const pool = pgPool(pg, { ...config, max: 50 });
    const before = checks(servers.postgres, 0).count;
    try {
      const first = Array.from({ length: 50 }, () => pool.connect().then((c) => (c.release(), "ok"), (e) => e.code));
      // Every connection is at its login, waiting for the same credentials: all will send one token.
      await until(() => config.password.stats().misses === 50, "50 password requests");
      release();
      const outcomes = await Promise.all(first);
      assert.ok(outcomes.every((o) => REFUSED.includes(o)), outcomes.join(","));
      // The checker logs each decision as it makes it; the last lines may land just after the refusals do.
      const refusedChecks = () => checks(servers.postgres, before).after.filter((l) => /reject user="iam_user" code=SIGNATURE_MISMATCH/.test(l)).length;
      await until(() => refusedChecks() >= 50, "50 refusals in the checker's log", 5000).catch(() => {});
      assert.equal(refusedChecks(), 50, "the server refused 50 logins");
      let s = config.password.stats();
      assert.deepEqual([s.signings, s.refusedLogins, s.forcedRefreshes], [1, 50, 1]);

      const second = await Promise.all(Array.from({ length: 50 }, () => pool.query("select current_user as who")));
      assert.ok(second.every((r) => r.rows[0].who === "iam_user"));
      s = config.password.stats();
      assert.deepEqual([s.signings, s.refusedLogins, s.forcedRefreshes], [2, 50, 1]);
      assert.equal(credentials.calls.length, 2);
    } finally {
      await pool.end();
    }
  });

  test("a server that keeps refusing: one re-sign per window, never a loop", async () => {
    const credentials = wrongFirst({ wrong: Infinity });
    const config = pgConfig({ ...pgDb, credentials, cache: new TokenCache() });
    const pool = pgPool(pg, { ...config, max: 5 });
    try {
      for (let i = 0; i < 10; i++) await assert.rejects(pool.query("select 1"), (e) => REFUSED.includes(e.code));
      const s = config.password.stats();
      assert.deepEqual([s.signings, s.refusedLogins, s.forcedRefreshes], [2, 10, 1]);
    } finally {
      await pool.end();
    }
  });

  test("knex takes the pgPool as its connectionPool", async () => {
    const credentials = wrongFirst();
    const config = pgConfig({ ...pgDb, credentials, cache: new TokenCache() });
    const pool = pgPool(pg, { ...config, max: 2 });
    // (knex logs the refused acquire itself; quiet here)
    const kx = knex({ client: "pg", connectionPool: pool, log: { error() {}, warn() {} } });
    try {
      await assert.rejects(kx.raw("select 1"), (e) => REFUSED.includes(e.code));
      const { rows } = await kx.raw("select current_user as who");
      assert.equal(rows[0].who, "iam_user");
      assert.equal(config.password.stats().forcedRefreshes, 1);
    } finally {
      await kx.destroy();
      await pool.end(); // knex leaves a pool it was given open
    }
  });
});

test("postgres.js: no login hook, so tell the provider where the error surfaces", async () => {
  const credentials = wrongFirst();
  const options = postgresJsOptions({ ...pgDb, credentials, cache: new TokenCache() });
  const sql = postgres({ ...options, max: 1 });
  try {
    const error = await sql`select 1`.then(() => undefined, (e) => e);
    assert.ok(REFUSED.includes(error?.code), String(error));
    assert.equal(options.password.loginRefused(error), true);
    const [row] = await sql`select current_user as who`;
    assert.equal(row.who, "iam_user");
  } finally {
    await sql.end();
  }
});

test("mysql2 through mysql2Options: the clear-password plugin sees 1045 and forces a fresh token", async () => {
  const credentials = wrongFirst();
  const options = mysql2Options({ hostname, port: servers.mariadb.port, username: "iam_user", region, credentials, ssl: { ca }, cache: new TokenCache() });
  const pool = mysql.createPool({ ...options, connectionLimit: 5 });
  try {
    await assert.rejects(pool.query("select 1"), (e) => e.errno === 1045);
    assert.equal(options.provider.stats().forcedRefreshes, 1);
    const [rows] = await pool.query("select current_user() as who");
    assert.equal(rows[0].who, "iam_user@%");
    assert.equal(options.provider.stats().signings, 2);
  } finally {
    await pool.end();
  }
});
