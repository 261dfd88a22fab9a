// MariaDB's auth_pam (with the cleartext plugin, as RDS MySQL/MariaDB IAM
// needs) accepts tokens from mysql2 over TLS, and refuses bad ones.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import mysql from "mysql2/promise";
import { ca, hostname, keys, lastCheck, servers, tamper, token } from "./helpers.mjs";

const { port } = servers.mariadb;

async function login(user, password) {
  let conn;
  try {
    conn = await mysql.createConnection({
      host: hostname,
      port,
      user,
      ssl: { ca },
      // mysql_clear_password sends the token and a NUL byte; mysql2 only
      // speaks it when a plugin is given.
      authPlugins: { mysql_clear_password: () => () => Buffer.from(`${password}\0`) },
    });
    const [rows] = await conn.query("select current_user() as who");
    return { ok: true, who: rows[0].who };
  } catch (error) {
    return { ok: false, errno: error.errno };
  } finally {
    await conn?.end().catch(() => {});
  }
}

describe("MariaDB with mysql2", () => {
  test("accepts long-term and temporary-credential tokens", async () => {
    for (const credentials of [keys.longTerm, keys.temporary]) {
      assert.deepEqual(await login("iam_user", token({ port, credentials })), { ok: true, who: "iam_user@%" });
    }
  });

  for (const [what, make, code] of [
    ["another user's token", () => token({ port, username: "iam_other" }), "WRONG_USER"],
    ["a tampered signature", () => tamper(token({ port })), "SIGNATURE_MISMATCH"],
    ["an expired token", () => token({ port, expiresIn: 60, now: Date.now() - 120_000 }), "EXPIRED"],
    ["a token for another port", () => token({ port: 3306 }), "WRONG_HOST"],
  ]) {
    test(`refuses ${what} with 1045`, async () => {
      assert.deepEqual(await login("iam_user", make()), { ok: false, errno: 1045 });
      assert.match(lastCheck(servers.mariadb), new RegExp(`reject user="iam_user" code=${code} `));
    });
  }
});
