// PostgreSQL's IAM check (PAM -> pam_rds_iam -> rds-iam-verify) accepts real
// tokens from psql and node-postgres, and refuses every kind of bad one.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import pg from "pg";
import { ca, hostname, keys, lastCheck, servers, tamper, token } from "./helpers.mjs";

const { port, database } = servers.postgres;

function psql(username, password) {
  const result = spawnSync(
    "psql",
    [`host=${hostname} port=${port} user=${username} dbname=${database} sslmode=require`, "-Atc", "select current_user"],
    { env: { ...process.env, PGPASSWORD: password }, encoding: "utf8" },
  );
  return { ok: result.status === 0, out: result.stdout.trim(), err: result.stderr };
}

async function pgLogin(username, password) {
  const client = new pg.Client({ host: hostname, port, database, user: username, password, ssl: { ca } });
  try {
    await client.connect();
    const { rows } = await client.query("select current_user as who, ssl from pg_stat_ssl where pid = pg_backend_pid()");
    return { ok: true, who: rows[0].who, ssl: rows[0].ssl };
  } catch (error) {
    return { ok: false, code: error.code };
  } finally {
    await client.end().catch(() => {});
  }
}

describe("PostgreSQL accepts IAM tokens", () => {
  test("psql with a long-term-key token", () => {
    const r = psql("iam_user", token({ port }));
    assert.equal(r.out, "iam_user", r.err);
  });

  test("psql with a temporary-credentials token (realistic session token)", () => {
    const t = token({ port, credentials: keys.temporary });
    assert.ok(t.length > 1024, `token is ${t.length} bytes`);
    assert.ok(keys.temporary.sessionToken.length >= 800);
    const r = psql("iam_user", t);
    assert.equal(r.out, "iam_user", r.err);
  });

  test("node-postgres over verified TLS, both kinds of credentials", async () => {
    for (const credentials of [keys.longTerm, keys.temporary]) {
      const r = await pgLogin("iam_user", token({ port, credentials }));
      assert.deepEqual(r, { ok: true, who: "iam_user", ssl: true });
    }
  });
});

describe("PostgreSQL refuses bad tokens", () => {
  const refusals = [
    ["a wrong secret", () => token({ port, credentials: { ...keys.longTerm, secretAccessKey: "wrong" } }), "SIGNATURE_MISMATCH"],
    ["another user's token", () => token({ port, username: "iam_other" }), "WRONG_USER"],
    ["a tampered signature", () => tamper(token({ port })), "SIGNATURE_MISMATCH"],
    ["an expired token", () => token({ port, expiresIn: 60, now: Date.now() - 120_000 }), "EXPIRED"],
    ["a token signed in the future", () => token({ port, now: Date.now() + 3_600_000 }), "NOT_YET_VALID"],
    ["a token for another host", () => pkgTokenForHost("db.example.com"), "WRONG_HOST"],
    ["a token for another port", () => token({ port: port + 1 }), "WRONG_HOST"],
    ["an unknown session token", () => token({ port, credentials: { ...keys.temporary, sessionToken: "x".repeat(900) } }), "UNKNOWN_SESSION_TOKEN"],
    ["a temporary key without its session token", () => token({ port, credentials: { ...keys.temporary, sessionToken: undefined } }), "SESSION_TOKEN_REQUIRED"],
    ["an unknown access key", () => token({ port, credentials: { accessKeyId: "AKIAUNKNOWN", secretAccessKey: "s" } }), "UNKNOWN_ACCESS_KEY"],
    ["a plain password", () => "not-a-token", "INVALID_TOKEN"],
  ];

  function pkgTokenForHost(host) {
    return token({ port, hostname: host });
  }

  for (const [what, make, code] of refusals) {
    test(what, async () => {
      const t = make();
      const r = await pgLogin("iam_user", t);
      // PostgreSQL reports a failed PAM login as 28000 (28P01 for passwords).
      assert.equal(r.ok, false);
      assert.ok(["28000", "28P01"].includes(r.code), r.code);
      const line = lastCheck(servers.postgres);
      assert.match(line, new RegExp(`reject user="iam_user" code=${code} `));
      assert.ok(!line.includes(t), "the checker's log line must not contain the token");
    });
  }
});
