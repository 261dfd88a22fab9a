// Real drivers through the package's helpers and token provider against the
// local IAM check: pools, rotation across token lifetimes, and a burst of
// new connections sharing one signing.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import mysql from "mysql2/promise";
import pg from "pg";
import postgres from "postgres";
import { ca, hostname, keys, pkg, region, servers } from "./helpers.mjs";

const { pgConfig, postgresJsOptions, mysql2Options, TokenCache } = pkg;
const pgDb = { hostname, port: servers.postgres.port, username: "iam_user", database: "postgres", region, ssl: { ca } };

describe("node-postgres Pool through pgConfig", () => {
  for (const [kind, credentials] of Object.entries(keys)) {
    test(`a Pool of 20 runs 200 queries with one signing (${kind} credentials)`, async () => {
      const config = pgConfig({ ...pgDb, credentials, cache: new TokenCache() });
      const pool = new pg.Pool({ ...config, max: 20 });
      try {
        const results = await Promise.all(Array.from({ length: 200 }, () => pool.query("select current_user as who")));
        assert.ok(results.every((r) => r.rows[0].who === "iam_user"));
        assert.equal(pool.totalCount, 20);
        assert.equal(config.password.stats().signings, 1);
      } finally {
        await pool.end();
      }
    });
  }
});

test("postgres.js through postgresJsOptions", async () => {
  const sql = postgres({ ...postgresJsOptions({ ...pgDb, credentials: keys.temporary, cache: new TokenCache() }), max: 5 });
  try {
    const rows = await Promise.all(Array.from({ length: 20 }, () => sql`select current_user as who`));
    assert.ok(rows.every((r) => r[0].who === "iam_user"));
  } finally {
    await sql.end();
  }
});

test("mysql2 pool through mysql2Options (mysql_clear_password over TLS)", async () => {
  for (const credentials of [keys.longTerm, keys.temporary]) {
    const options = mysql2Options({ hostname, port: servers.mariadb.port, username: "iam_user", region, credentials, ssl: { ca }, cache: new TokenCache() });
    const pool = mysql.createPool({ ...options, connectionLimit: 5 });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, () => pool.query("select current_user() as who")));
      assert.ok(results.every(([rows]) => rows[0].who === "iam_user@%"));
    } finally {
      await pool.end();
    }
  }
});

test("200 concurrent new connections through one provider: all log in, one signing", async () => {
  const config = pgConfig({ ...pgDb, credentials: keys.temporary, cache: new TokenCache() });
  const clients = Array.from({ length: 200 }, () => new pg.Client(config));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    const who = await Promise.all(clients.map((c) => c.query("select current_user as who")));
    assert.ok(who.every((r) => r.rows[0].who === "iam_user"));
    assert.equal(config.password.stats().signings, 1);
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
  }
});

test("rotation: new connections across three token lifetimes, zero failed logins, one signing per lifetime", async () => {
  // Tokens live 6 s; each is handed out until 2 s before its end (margin),
  // with a background refresh in the last second of that.
  const config = pgConfig({
    ...pgDb,
    credentials: keys.longTerm,
    expiresIn: 6,
    safetyMarginSeconds: 2,
    refreshAheadSeconds: 1,
    cache: new TokenCache(),
  });
  const pool = new pg.Pool({ ...config, max: 2, idleTimeoutMillis: 1 });
  const started = Date.now();
  let logins = 0;
  try {
    // Every round opens a fresh connection (idle ones are closed at once).
    while (Date.now() - started < 13_000) {
      const client = await pool.connect();
      const { rows } = await client.query("select current_user as who");
      assert.equal(rows[0].who, "iam_user");
      client.release(true);
      logins++;
      await sleep(250);
    }
  } finally {
    await pool.end();
  }
  const { signings, failures } = config.password.stats();
  assert.ok(logins >= 30, `only ${logins} logins`);
  assert.deepEqual(failures, {});
  // 13 s over 4-second usable lives: three or four tokens, never one per login.
  assert.ok(signings >= 3 && signings <= 5, `signings: ${signings}`);
});
