// Issue 13 against the real stand-in: the default token cache never hands
// one identity's token to another (a wrong-secret provider beside a right
// one, against PostgreSQL), the PAM module keeps the host's descriptors and
// signals to itself and never waits on a checker without limit,
// rds-iam-verify never prints a config value, and servers.sh keeps its
// keys in a private directory.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { ca, hostname, keys, lastCheck, pkg, region, servers } from "./helpers.mjs";

const { port, database } = servers.postgres;
const BIN = join(servers.dir, "bin");

async function pgLogin(password) {
  const client = new pg.Client({ host: hostname, port, database, user: "iam_user", password, ssl: { ca } });
  try {
    await client.connect();
    const { rows } = await client.query("select current_user as who");
    return { ok: true, who: rows[0].who };
  } catch (error) {
    return { ok: false, code: error.code };
  } finally {
    await client.end().catch(() => {});
  }
}

describe("the default cache against PostgreSQL: a wrong secret beside the right one", () => {
  test("the wrong-secret provider is refused, the right one logs in", async () => {
    const endpoint = { hostname, port, username: "iam_user", region };
    const wrongSecret = { ...keys.longTerm, secretAccessKey: `${keys.longTerm.secretAccessKey}-wrong` };
    // Both on TokenCache.default (no cache option); the wrong one signs first.
    const wrong = pkg.authTokenProvider({ ...endpoint, credentials: wrongSecret });
    const right = pkg.authTokenProvider({ ...endpoint, credentials: { ...keys.longTerm } });
    try {
      const refused = await pgLogin(await wrong());
      assert.equal(refused.ok, false);
      assert.ok(["28000", "28P01"].includes(refused.code), refused.code);
      assert.match(lastCheck(servers.postgres), /reject user="iam_user" code=SIGNATURE_MISMATCH /);

      assert.deepEqual(await pgLogin(await right()), { ok: true, who: "iam_user" });
      assert.match(lastCheck(servers.postgres), /accept user="iam_user"/);
      // Both again, from the cache this time: still each its own.
      assert.equal((await pgLogin(await wrong())).ok, false);
      assert.deepEqual(await pgLogin(await right()), { ok: true, who: "iam_user" });
      assert.ok(right.stats().hits >= 1);
    } finally {
      await Promise.all([wrong.close(), right.close()]);
    }
  });
});

describe("pam_rds_iam inside a host process (libpam, private config dir)", () => {
  let work;
  const here = fileURLToPath(new URL("./pam/", import.meta.url));
  before(() => {
    work = mkdtempSync(join(tmpdir(), "rds-iam-pam-"));
    execFileSync("gcc", ["-O2", "-Wall", "-Wextra", "-Werror", "-o", join(work, "harness"), join(here, "harness.c"), "-lpam"]);
    execFileSync("gcc", ["-O2", "-Wall", "-Wextra", "-Werror", "-o", join(work, "fake-checker"), join(here, "fake-checker.c")]);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  /** Authenticates through the module with a fake checker in `mode`; returns the harness's report and the checker's output. */
  function login(mode, password = "token", extra = "") {
    const out = join(work, `out.${mode}`);
    rmSync(out, { force: true });
    writeFileSync(join(work, "svc"), `auth required ${BIN}/pam_rds_iam.so verifier=${work}/fake-checker config=${out}${extra}\naccount required pam_permit.so\n`);
    const r = spawnSync(join(work, "harness"), [work, "svc", "alice"], { input: password, encoding: "utf8", timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const [, result, sigpipe] = /result=(\d+) sigpipe=(\w+)/.exec(r.stdout);
    return { result: Number(result), sigpipe, out: existsSync(out) ? readFileSync(out, "utf8") : "" };
  }

  test("the checker gets stdin, stdout and stderr only: none of the host's descriptors", () => {
    const r = login("fds");
    assert.equal(r.result, 0, "PAM_SUCCESS");
    assert.equal(r.out.trim(), "", `descriptors passed on: ${r.out.trim().split("\n").join(", ")}`);
  });

  test("a checker that never exits is killed after timeout_ms, and the login refused", () => {
    const r = login("hang", "token", " timeout_ms=200");
    assert.equal(r.result, 7, "PAM_AUTH_ERR");
    const pid = Number(r.out.trim());
    assert.ok(pid > 0);
    assert.ok(!existsSync(`/proc/${pid}`), "the checker is gone (killed and reaped)");
  });

  test("a checker that exits without reading a large password: refused, the host's SIGPIPE handler untouched", () => {
    const r = login("early", "x".repeat(900_000));
    assert.equal(r.result, 7);
    assert.equal(r.sigpipe, "kept");
  });

  test("the module never changes signal dispositions (no sigaction or signal import)", () => {
    const symbols = execFileSync("nm", ["-D", "--undefined-only", join(BIN, "pam_rds_iam.so")], { encoding: "utf8" });
    assert.doesNotMatch(symbols, /\b(sigaction|signal|sigprocmask|bsd_signal)@/);
  });
});

describe("rds-iam-verify never prints a config value", () => {
  let work;
  before(() => (work = mkdtempSync(join(tmpdir(), "rds-iam-verify-"))));
  after(() => rmSync(work, { recursive: true, force: true }));
  const SECRET = "SUPERSECRETconfigVALUE/0123456789+abcd";

  for (const [what, text] of [
    ["a secret in a wrong-typed field", `{"port":"${SECRET}","keys":[]}`],
    ["a secret as an unknown key", `{"${SECRET}":1,"keys":[]}`],
    ["a secret where a number goes in a key", `{"keys":[{"accessKeyId":"AKID","secretAccessKey":${JSON.stringify(SECRET)},"sessionTokens":"${SECRET}"}]}`],
    ["broken JSON after a secret", `{"keys":[{"accessKeyId":"AKID","secretAccessKey":"${SECRET}" "x"}]}`],
  ]) {
    test(what, () => {
      const file = join(work, "config.json");
      writeFileSync(file, text);
      const r = spawnSync(join(BIN, "rds-iam-verify"), ["--config", file, "--user", "u"], { input: "token", encoding: "utf8" });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /bad config: .*\(line \d+, column \d+\)/);
      for (let i = 0; i + 8 <= SECRET.length; i += 4) assert.ok(!r.stderr.includes(SECRET.slice(i, i + 8)), r.stderr);
    });
  }

  test("a FIFO or an oversized config is refused without hanging", () => {
    const fifo = join(work, "fifo.json");
    execFileSync("mkfifo", [fifo]);
    const r = spawnSync(join(BIN, "rds-iam-verify"), ["--config", fifo, "--user", "u"], { input: "token", encoding: "utf8", timeout: 30_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not a regular file/);
    const big = join(work, "big.json");
    writeFileSync(big, `{"keys":[]}${" ".repeat(2 * 1024 * 1024)}`);
    const b = spawnSync(join(BIN, "rds-iam-verify"), ["--config", big, "--user", "u"], { input: "token", encoding: "utf8" });
    assert.equal(b.status, 2);
    assert.match(b.stderr, /larger than/);
  });
});

describe("e2e/servers.sh keeps its keys private", () => {
  test("a fresh mktemp -d directory, 0711; keys.json 0600; checker configs 0600 for their server only", () => {
    if (process.env.RDS_IAM_E2E_DIR) return; // a chosen directory is the caller's business
    assert.match(servers.dir, /^\/tmp\/rds-iam-edge-e2e\.[A-Za-z0-9]{10}$/);
    assert.equal(statSync(servers.dir).mode & 0o777, 0o711);
    assert.equal(statSync(servers.keys).mode & 0o777, 0o600);
    for (const name of ["pg", "mariadb", "pgbouncer"]) {
      const path = join(servers.dir, `checker-${name}.json`);
      if (existsSync(path)) assert.equal(statSync(path).mode & 0o777, 0o600, path);
    }
    assert.ok(!existsSync("/tmp/rds-iam-edge-e2e/keys.json"), "nothing at the old predictable path");
  });
});
