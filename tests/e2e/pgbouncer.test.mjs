// PgBouncer with auth_type=pam stands in for RDS Proxy: the same token kind,
// signed for the pooler's own host and port. PgBouncer 1.18 keeps at most
// 2047 bytes of a password (longer ones are cut silently and so refused) and
// drops startup packets over ~4 KB: it takes long-term-key tokens (~320 B)
// and typical temporary-credential tokens (~1.5 KB), not the longest ones.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import pg from "pg";
import { ca, hostname, keys, lastCheck, servers, token } from "./helpers.mjs";

const { port, database } = servers.pgbouncer;

async function login(password) {
  const client = new pg.Client({ host: hostname, port, database, user: "iam_user", password, ssl: { ca } });
  try {
    await client.connect();
    const { rows } = await client.query("select current_user as who");
    return { ok: true, who: rows[0].who };
  } catch (error) {
    return { ok: false, message: error.message };
  } finally {
    await client.end().catch(() => {});
  }
}

describe("PgBouncer (RDS Proxy stand-in)", () => {
  test("accepts a long-term-key token signed for the pooler's endpoint", async () => {
    assert.deepEqual(await login(token({ port })), { ok: true, who: "iam_user" });
  });

  test("accepts a 1.5 KB temporary-credentials token", async () => {
    const t = token({ port, credentials: keys.temporary });
    assert.ok(t.length > 1024 && t.length <= 2047, `token is ${t.length} bytes`);
    assert.deepEqual(await login(t), { ok: true, who: "iam_user" });
  });

  test("refuses a token signed for the database behind it", async () => {
    const r = await login(token({ port: servers.postgres.port }));
    assert.equal(r.ok, false);
    assert.match(lastCheck(servers.pgbouncer), /code=WRONG_HOST /);
  });

  test("cuts passwords at 2047 bytes (its limit, documented)", async () => {
    const long = token({ port, credentials: { ...keys.temporary, sessionToken: "x".repeat(2100) } });
    const r = await login(long);
    assert.equal(r.ok, false);
    assert.match(lastCheck(servers.pgbouncer), /token=<redacted, 2047 bytes>/);
  });
});
