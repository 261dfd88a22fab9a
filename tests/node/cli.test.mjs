// The `rds-iam-edge` command as users run it: the package's real `bin`
// (pkg/dist/cli.cjs, executed through its #! line) as a child process, with
// credentials in the environment and the test-only fixed clock
// RDS_IAM_EDGE_NOW_MS. Golden tokens for every kind; every `inspect`
// warning; `verify` verdicts and exit codes; no secret in any output.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";

import { CASES, PKG, SIGNABLE, cjs, expectedInfo, goldenWarnings } from "./helpers.mjs";

const BIN = join(PKG, JSON.parse(readFileSync(join(PKG, "package.json"), "utf8")).bin["rds-iam-edge"]);
const EXIT = { ok: 0, notVerified: 1, usage: 2, notAToken: 3, unavailable: 4 };
const byId = (id) => CASES.find((c) => c.id === id);

// A home without AWS files and no instance metadata, so the default chain
// finds exactly the environment credentials a test gives (or none), fast.
const WORK = mkdtempSync(join(tmpdir(), "rds-iam-edge-cli-"));
after(() => rmSync(WORK, { recursive: true, force: true }));
const HOME = join(WORK, "home");
mkdirSync(HOME);
const BASE_ENV = {
  PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
  HOME,
  AWS_SHARED_CREDENTIALS_FILE: join(HOME, "no-credentials"),
  AWS_CONFIG_FILE: join(HOME, "no-config"),
  AWS_EC2_METADATA_DISABLED: "true",
};

// Secrets no output may hold (the golden ones long enough not to occur by chance, and ours).
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCLITESTSECRET";
const SESSION = "IQoJb3JpZ2luX2VjCLITEST/session+token==";
const SECRETS = [SECRET, ...new Set(CASES.map((c) => c.secretAccessKey).filter((s) => s.length >= 20))];
const outputs = [];

/** Runs the bin; resolves to { code, stdout, stderr }. */
function cli(args, { env = {}, input, now } = {}) {
  const fullEnv = { ...BASE_ENV, ...env };
  if (now !== undefined) fullEnv.RDS_IAM_EDGE_NOW_MS = String(now);
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { env: fullEnv, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      outputs.push({ args, stdout, stderr });
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? "");
  });
}

/** Environment credentials of a golden case (or given ones). */
function credsEnv(c) {
  const env = { AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey };
  if (c.sessionToken) env.AWS_SESSION_TOKEN = c.sessionToken;
  return env;
}

/** `token` arguments for a golden case, spelled as a user would. */
function tokenArgs(c) {
  const args = ["token", "--service", c.kind, "--hostname", c.host, "--region", c.region];
  if (c.port !== null) args.push("--port", String(c.port));
  if (c.user !== null) args.push("--username", c.user);
  if (c.action === "DbConnectAdmin") args.push("--admin");
  if (c.serverless === true) args.push("--serverless");
  if (c.expiresIn !== 900 || c.id.endsWith("0")) args.push("--expires-in", String(c.expiresIn)); // 900 both ways
  return args;
}

/** The warnings `token` printed on stderr, by code. */
const stderrWarnings = (stderr) => [...stderr.matchAll(/^rds-iam-edge: warning: ([A-Z_0-9]+): /gm)].map((m) => m[1]);

/** A token signed by the package itself (the tests' own source of odd tokens). */
function sign(input) {
  return cjs.signToken({ username: "app_user", credentials: { accessKeyId: "AKIDCLITEST", secretAccessKey: SECRET }, ...input });
}

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const RDS_HOST = "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com";

describe("the bin", () => {
  test("pkg/package.json names dist/cli.cjs, an executable node script", () => {
    assert.equal(BIN, join(PKG, "dist/cli.cjs"));
    assert.ok(readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n"));
    accessSync(BIN, constants.X_OK);
  });

  test("the CLI stays out of the browser and worker builds", () => {
    for (const file of ["browser.mjs", "workerd.mjs"]) {
      const text = readFileSync(join(PKG, "dist", file), "utf8");
      for (const marker of ["RDS_IAM_EDGE_NOW_MS", "secret-file", "node:process", "node:fs", "#!/usr/bin/env"]) {
        assert.ok(!text.includes(marker), `${file} holds ${marker}`);
      }
    }
  });

  test("--help, --version, a command's --help; no command is a usage error", async () => {
    const help = await cli(["--help"]);
    assert.equal(help.code, EXIT.ok);
    assert.match(help.stdout, /^Usage: rds-iam-edge <command>/);
    assert.match(help.stdout, /Exit codes:\n {2}0 {3}done/);
    for (const command of ["token", "inspect", "verify"]) {
      const r = await cli([command, "--help"]);
      assert.equal(r.code, EXIT.ok, command);
      assert.match(r.stdout, new RegExp(`^Usage: rds-iam-edge ${command} `));
      assert.equal(r.stderr, "");
    }
    const version = await cli(["--version"]);
    assert.equal(version.stdout, `${JSON.parse(readFileSync(join(PKG, "package.json"), "utf8")).version}\n`);
    const none = await cli([]);
    assert.equal(none.code, EXIT.usage);
    assert.equal(none.stdout, "");
    assert.match(none.stderr, /^Usage:/);
    const unknown = await cli(["tokne"]);
    assert.equal(unknown.code, EXIT.usage);
    assert.equal(unknown.stderr, "rds-iam-edge: unknown command (see 'rds-iam-edge --help')\n");
  });
});

describe("token: golden vectors", { concurrency: 4 }, () => {
  for (const c of SIGNABLE) {
    test(`${c.id} (${c.kind}${c.action === "DbConnectAdmin" ? ", --admin" : ""}${c.serverless ? ", --serverless" : ""}, ${c.expiresIn} s)`, async () => {
      const r = await cli(tokenArgs(c), { env: credsEnv(c), now: c.epoch_ms });
      assert.equal(r.code, EXIT.ok, r.stderr);
      // stdout is the token and one newline, nothing else.
      assert.equal(r.stdout, `${c.expected_token}\n`);
      // stderr: only the port-443 warning, for the cases that sign port 443.
      assert.deepEqual(stderrWarnings(r.stderr), goldenWarnings(c));
      assert.equal(r.stderr.split("\n").filter(Boolean).length, goldenWarnings(c).length, r.stderr);
    });
  }
});

describe("token: region, credentials, errors", () => {
  const c = byId("rds-002");
  const withoutRegion = tokenArgs(c).filter((a, i, all) => a !== "--region" && all[i - 1] !== "--region");

  test("the region comes from --region, else AWS_REGION, else AWS_DEFAULT_REGION", async () => {
    const env = credsEnv(c);
    for (const extra of [{ AWS_REGION: c.region }, { AWS_DEFAULT_REGION: c.region }, { AWS_REGION: c.region, AWS_DEFAULT_REGION: "eu-west-1" }]) {
      const r = await cli(withoutRegion, { env: { ...env, ...extra }, now: c.epoch_ms });
      assert.equal(r.stdout, `${c.expected_token}\n`, JSON.stringify(extra));
    }
    const flagWins = await cli(tokenArgs(c), { env: { ...env, AWS_REGION: "eu-west-1" }, now: c.epoch_ms });
    assert.equal(flagWins.stdout, `${c.expected_token}\n`);
  });

  test("without --region, the endpoint's own region comes before AWS_REGION", async () => {
    const e = byId("rds-008"); // mydb.c9akciq32xyz.eu-west-1.rds.amazonaws.com
    const args = tokenArgs(e).filter((a, i, all) => a !== "--region" && all[i - 1] !== "--region");
    const r = await cli(args, { env: { ...credsEnv(e), AWS_REGION: "us-east-1" }, now: e.epoch_ms });
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.equal(r.stdout, `${e.expected_token}\n`);
  });

  test("no region anywhere (and a hostname naming none): exit 4, REGION_UNAVAILABLE naming --region, nothing on stdout", async () => {
    const args = withoutRegion.map((a) => (a === c.host ? "db.internal.example" : a));
    const r = await cli(args, { env: credsEnv(c), now: c.epoch_ms });
    assert.equal(r.code, EXIT.unavailable);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^rds-iam-edge: REGION_UNAVAILABLE \(--region\): pass region, or set AWS_REGION or AWS_DEFAULT_REGION/);
  });

  test("no credentials: exit 4, CREDENTIALS_UNAVAILABLE from the default chain", async () => {
    const r = await cli(tokenArgs(c), { now: c.epoch_ms });
    assert.equal(r.code, EXIT.unavailable);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^rds-iam-edge: CREDENTIALS_UNAVAILABLE: .*AWS_ACCESS_KEY_ID/);
  });

  test("temporary credentials: a token signed with them; a warning when they end before the token; refused once expired", async () => {
    const env = { AWS_ACCESS_KEY_ID: "ASIACLITEST", AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: SESSION };
    const args = ["token", "--hostname", RDS_HOST, "--port", "5432", "--username", "app_user", "--region", "us-east-1"];
    const plain = await cli(args, { env, now: T0 });
    assert.equal(plain.code, EXIT.ok);
    assert.equal(plain.stdout, `${sign({ hostname: RDS_HOST, port: 5432, region: "us-east-1", credentials: { accessKeyId: "ASIACLITEST", secretAccessKey: SECRET, sessionToken: SESSION }, now: T0 })}\n`);
    assert.equal(plain.stderr, "");

    const soon = await cli(args, { env: { ...env, AWS_CREDENTIAL_EXPIRATION: new Date(T0 + 300_000).toISOString() }, now: T0 });
    assert.equal(soon.code, EXIT.ok);
    assert.equal(soon.stdout, plain.stdout);
    assert.match(soon.stderr, /^rds-iam-edge: warning: CREDENTIALS_EXPIRE_FIRST: the credentials expire at 2026-01-15T12:05:00Z, before the token \(2026-01-15T12:15:00Z\)/);

    const gone = await cli(args, { env: { ...env, AWS_CREDENTIAL_EXPIRATION: new Date(T0 - 1000).toISOString() }, now: T0 });
    assert.equal(gone.code, EXIT.unavailable);
    assert.equal(gone.stdout, "");
    assert.match(gone.stderr, /^rds-iam-edge: CREDENTIALS_EXPIRED/);
  });

  test("--profile, as the aws CLI's: that profile's keys (not the environment's) and region", async () => {
    const credentials = join(WORK, "aws-credentials");
    const config = join(WORK, "aws-config");
    writeFileSync(credentials, `[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n[dev]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = ${SECRET}\n`);
    writeFileSync(config, "[profile dev]\nregion = eu-west-1\n");
    const env = { ...credsEnv(c), AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: config };
    const host = "db.abc.eu-west-1.rds.amazonaws.com";
    const r = await cli(["token", "--profile", "dev", "--hostname", host, "--port", "5432", "--username", "app_user"], { env, now: T0 });
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.equal(r.stdout, `${sign({ hostname: host, port: 5432, region: "eu-west-1", credentials: { accessKeyId: "AKIDPROFILE", secretAccessKey: SECRET }, now: T0 })}\n`);
    assert.equal(r.stderr, "");
    const missing = await cli(["token", "--profile", "nope", "--hostname", host, "--port", "5432", "--username", "app_user", "--region", "eu-west-1"], { env, now: T0 });
    assert.equal(missing.code, EXIT.unavailable);
    assert.equal(missing.stdout, "");
    assert.match(missing.stderr, /^rds-iam-edge: CREDENTIALS_UNAVAILABLE: .*"nope"/);
  });

  test("a region that does not match the endpoint: the token, and the warning on stderr", async () => {
    const r = await cli(["token", "--hostname", RDS_HOST, "--port", "5432", "--username", "u", "--region", "eu-west-1"], { env: credsEnv(c), now: T0 });
    assert.equal(r.code, EXIT.ok);
    assert.equal(r.stdout.split("\n").length, 2);
    assert.deepEqual(stderrWarnings(r.stderr), ["REGION_MISMATCH"]);
  });

  const usage = [
    [["--hostname", RDS_HOST, "--username", "u", "--region", "us-east-1"], /^rds-iam-edge: INVALID_PORT \(--port\): is required\n$/],
    [["--hostname", RDS_HOST, "--port", "5432", "--region", "us-east-1"], /^rds-iam-edge: INVALID_USERNAME \(--username\): is required\n$/],
    [["--port", "5432", "--username", "u", "--region", "us-east-1"], /^rds-iam-edge: INVALID_HOSTNAME \(--hostname\): is required\n$/],
    [["--hostname", RDS_HOST, "--port", "54x32", "--username", "u", "--region", "us-east-1"], /INVALID_PORT \(--port\)/],
    [["--hostname", RDS_HOST, "--port", "5432", "--username", "u", "--region", "US_EAST"], /INVALID_REGION \(--region\)/],
    [["--hostname", RDS_HOST, "--port", "5432", "--username", "u", "--region", "us-east-1", "--expires-in", "901"], /INVALID_EXPIRES_IN \(--expires-in\)/],
    [["--hostname", RDS_HOST, "--port", "5432", "--username", "u", "--region", "us-east-1", "--expires-in", "15m"], /INVALID_EXPIRES_IN \(--expires-in\): must be a whole number of seconds/],
    [["--hostname", RDS_HOST, "--port", "5432", "--username", "u", "--region", "us-east-1", "--admin"], /NOT_APPLICABLE \(--admin\)/],
    [["--service", "dsql", "--hostname", "abc.dsql.us-east-1.on.aws", "--username", "u", "--region", "us-east-1"], /NOT_APPLICABLE \(--username\)/],
    [["--service", "redis", "--hostname", "x", "--region", "us-east-1"], /INVALID_SERVICE \(--service\)/],
    [["--host", RDS_HOST], /unknown option --host; use --hostname/],
    [["--secret", SECRET], /unknown option --secret; use --secret-file \(a secret is never taken on the command line\)/],
    [["--profile="], /--profile needs a profile name/],
    [["--hostname"], /--hostname needs a value/],
    [["--hostname", "--port", "5432"], /--hostname needs a value/],
    [["--port", "1", "--port", "2"], /--port is given twice/],
    [["--admin=yes"], /--admin takes no value/],
    [[SECRET], /takes no arguments besides options/],
  ];
  for (const [args, expected] of usage) {
    test(`exit 2: token ${args.map((a) => (a === SECRET ? "<secret>" : a)).join(" ")}`, async () => {
      const r = await cli(["token", ...args], { env: credsEnv(c), now: T0 });
      assert.equal(r.code, EXIT.usage, r.stderr);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, expected);
    });
  }
});

describe("inspect", () => {
  const c = byId("rds-034"); // an Aurora reader endpoint, long-term key
  const session = byId("rds-022"); // port 443, session token

  test("the fields, as text, with no warnings for a sound token at its signing time", async () => {
    const r = await cli(["inspect", c.expected_token], { now: c.epoch_ms + 60_000 });
    assert.equal(r.code, EXIT.ok);
    assert.equal(r.stderr, "");
    assert.equal(
      r.stdout,
      [
        "kind           rds (signing name rds-db)",
        "action         connect",
        "hostname       mycluster.cluster-ro-c9akciq32xyz.us-east-1.rds.amazonaws.com",
        "port           5432",
        "username       iam_db_user",
        "region         us-east-1",
        "access key id  akid",
        "session token  no: long-term access key",
        "signed at      2024-08-26T22:00:00Z (1m 0s ago)",
        "expires in     900 s",
        "expires at     2024-08-26T22:15:00Z (in 14m 0s)",
        "signature      50cc…(redacted)",
        "",
        "warnings: none",
        "",
      ].join("\n"),
    );
  });

  test("--json: the TokenInfo fields, the redacted signature, time and warnings", async () => {
    for (const k of CASES) {
      const now = k.epoch_ms + 1000;
      const r = await cli(["inspect", "--json", k.expected_token], { now });
      assert.equal(r.code, EXIT.ok, k.id);
      const report = JSON.parse(r.stdout);
      const info = expectedInfo(k);
      const { signature, now: at, expired, secondsLeft, warnings, ...fields } = report;
      assert.deepEqual(fields, info, k.id);
      assert.equal(signature, `${k.expected_signature.slice(0, 4)}…(redacted)`);
      assert.equal(at, now);
      assert.equal(expired, false);
      assert.equal(secondsLeft, Math.floor((info.expiresAt - now) / 1000));
      assert.deepEqual(warnings.map((w) => w.code), goldenWarnings(k), k.id);
    }
  });

  /** The warning codes `inspect --json` reports for `token` at `now`. */
  async function codes(token, now) {
    const r = await cli(["inspect", "--json", token], { now });
    assert.equal(r.code, EXIT.ok, r.stderr);
    return JSON.parse(r.stdout).warnings.map((w) => w.code);
  }

  test("REGION_MISMATCH: signed for a region the endpoint is not in (RDS, China, GovCloud, DSQL)", async () => {
    const cases = [
      [{ hostname: RDS_HOST, port: 5432, region: "eu-west-1" }, "us-east-1"],
      [{ hostname: "db.abc.rds.cn-north-1.amazonaws.com.cn", port: 5432, region: "cn-northwest-1" }, "cn-north-1"],
      [{ hostname: "db.abc.us-gov-west-1.rds.amazonaws.com", port: 5432, region: "us-gov-east-1" }, "us-gov-west-1"],
      [{ service: "dsql", hostname: "abc.dsql.us-east-1.on.aws", region: "us-east-2", username: undefined }, "us-east-1"],
    ];
    for (const [input, hostRegion] of cases) {
      const token = sign({ ...input, now: T0 });
      assert.deepEqual(await codes(token, T0), ["REGION_MISMATCH"], input.hostname);
      const text = await cli(["inspect", token], { now: T0 });
      assert.match(text.stdout, new RegExp(`REGION_MISMATCH: signed for region ${input.region}, but the endpoint .* is in ${hostRegion}: sign with region ${hostRegion}`));
    }
  });

  test("PORT_443: a token signed for port 443", async () => {
    assert.deepEqual(await codes(byId("rds-021").expected_token, byId("rds-021").epoch_ms), ["PORT_443"]);
    const r = await cli(["inspect", session.expected_token], { now: session.epoch_ms });
    assert.match(r.stdout, /warnings \(1\):\n {2}PORT_443: signed for port 443, which is not a database port/);
  });

  test("NOT_AN_RDS_ENDPOINT and CACHE_ENDPOINT_AS_NAME", async () => {
    assert.deepEqual(await codes(sign({ hostname: "db.example.com", port: 5432, region: "us-east-1", now: T0 }), T0), ["NOT_AN_RDS_ENDPOINT"]);
    assert.deepEqual(await codes(sign({ hostname: "127.0.0.1", port: 5432, region: "us-east-1", now: T0 }), T0), ["NOT_AN_RDS_ENDPOINT"]);
    // This signer refuses an ElastiCache endpoint as the cache name; another
    // tool's token for one (here: a MemoryDB token relabelled) still warns.
    const endpoint = "my-cache.abc123.use1.cache.amazonaws.com";
    assert.throws(() => sign({ service: "elasticache", hostname: endpoint, username: "app-user", region: "us-east-1", now: T0 }), { code: "INVALID_HOSTNAME" });
    const foreign = sign({ service: "memorydb", hostname: endpoint, region: "us-east-1", now: T0 }).replace("%2Fmemorydb%2F", "%2Felasticache%2F");
    assert.deepEqual(await codes(foreign, T0), ["CACHE_ENDPOINT_AS_NAME"]);
    assert.deepEqual(await codes(sign({ service: "memorydb", hostname: "clustercfg.mdb.abc123.memorydb.us-east-1.amazonaws.com", region: "us-east-1", now: T0 }), T0), [
      "CACHE_ENDPOINT_AS_NAME",
    ]);
    assert.deepEqual(await codes(sign({ service: "elasticache", hostname: "my-cache", username: "app-user", region: "us-east-1", now: T0 }), T0), []);
  });

  test("EXPIRES_IN_TOO_LONG: an RDS token claiming more than 900 s (not from this signer: it refuses)", async () => {
    const long = c.expected_token.replace("X-Amz-Expires=900", "X-Amz-Expires=3600");
    assert.deepEqual(await codes(long, c.epoch_ms), ["EXPIRES_IN_TOO_LONG"]);
    const r = await cli(["inspect", long], { now: c.epoch_ms });
    assert.match(r.stdout, /EXPIRES_IN_TOO_LONG: valid for 3600 s, but RDS accepts tokens for 900 s \(15 minutes\) at most/);
    // DSQL tokens may live a week.
    assert.deepEqual(await codes(byId("dsql-046").expected_token, byId("dsql-046").epoch_ms), []);
  });

  test("SIGNED_IN_FUTURE and EXPIRED, at their exact edges", async () => {
    const signedAt = Math.floor(c.epoch_ms / 1000) * 1000;
    const expiresAt = signedAt + 900_000;
    assert.deepEqual(await codes(c.expected_token, signedAt - 1), ["SIGNED_IN_FUTURE"]);
    assert.deepEqual(await codes(c.expected_token, signedAt), []);
    assert.deepEqual(await codes(c.expected_token, expiresAt), []);
    assert.deepEqual(await codes(c.expected_token, expiresAt + 1), ["EXPIRED"]);
    const future = await cli(["inspect", c.expected_token], { now: signedAt - 125_000 });
    assert.match(future.stdout, /signed at {6}2024-08-26T22:00:00Z \(in 2m 5s\)/);
    assert.match(future.stdout, /SIGNED_IN_FUTURE: signed 2m 5s in the future \(at 2024-08-26T22:00:00Z\): the signing machine's clock is ahead/);
    const old = await cli(["inspect", c.expected_token], { now: expiresAt + 3 * 3_600_000 + 120_000 });
    assert.match(old.stdout, /expires at {5}2024-08-26T22:15:00Z \(EXPIRED 3h 2m ago\)/);
    assert.match(old.stdout, /EXPIRED: expired 3h 2m ago \(at 2024-08-26T22:15:00Z\): sign a new token right before connecting/);
    const json = JSON.parse((await cli(["inspect", "--json", c.expected_token], { now: expiresAt + 1000 })).stdout);
    assert.equal(json.expired, true);
    assert.equal(json.secondsLeft, -1);
  });

  test("several mistakes at once, in a fixed order", async () => {
    const token = sign({ hostname: RDS_HOST, port: 443, region: "eu-west-1", now: T0 });
    assert.deepEqual(await codes(token, T0 + 3_600_000), ["REGION_MISMATCH", "PORT_443", "EXPIRED"]);
  });

  test("the token from stdin: `inspect -` and `inspect` with a pipe, surrounding whitespace ignored", async () => {
    for (const args of [["inspect", "-"], ["inspect"], ["inspect", "--json"]]) {
      const r = await cli(args, { input: `\n  ${c.expected_token}\r\n`, now: c.epoch_ms });
      assert.equal(r.code, EXIT.ok, args.join(" "));
      assert.match(r.stdout, /mycluster\.cluster-ro-c9akciq32xyz\.us-east-1\.rds\.amazonaws\.com/);
    }
  });

  test("a session token shows as present, never as text; the signature shows only four hex digits", async () => {
    for (const json of [false, true]) {
      const r = await cli(["inspect", ...(json ? ["--json"] : []), session.expected_token], { now: session.epoch_ms });
      assert.equal(r.code, EXIT.ok);
      for (const hidden of [session.sessionToken, encodeURIComponent(session.sessionToken), session.expected_signature.slice(0, 8), session.expected_signature.slice(4)]) {
        assert.ok(!r.stdout.includes(hidden), `inspect${json ? " --json" : ""} shows a secret part`);
      }
      assert.match(r.stdout, json ? /"hasSessionToken": true/ : /session token {2}yes: temporary credentials \(redacted\)/);
    }
  });

  test("not a token: exit 3 with the parser's reason and a hint, never the input", async () => {
    const cases = [
      ["https://prod.us-east-1.rds.amazonaws.com:5432/?Action=connect", /a token has no scheme/],
      [`"${c.expected_token}"`, /remove the quotes/],
      [`${c.expected_token} ${c.expected_token}`, /it holds whitespace/],
      [encodeURIComponent(c.expected_token), /looks URL-encoded/],
      [c.expected_token.replace("X-Amz-Signature=", "X-Amz-Signatur="), /^rds-iam-edge: INVALID_TOKEN: not a token: unknown parameter\n$/],
      ["hello", /^rds-iam-edge: INVALID_TOKEN: not a token: must be host\/\?query\n$/],
    ];
    for (const [input, expected] of cases) {
      const r = await cli(["inspect", input], { now: T0 });
      assert.equal(r.code, EXIT.notAToken, input);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, expected);
      assert.ok(!r.stderr.includes(c.expected_signature.slice(0, 8)), "the input is not echoed");
    }
    const empty = await cli(["inspect", "-"], { input: "\n" });
    assert.equal(empty.code, EXIT.notAToken);
    assert.match(empty.stderr, /the input is empty/);
  });

  test("usage errors: exit 2", async () => {
    for (const args of [["inspect", "a", "b"], ["inspect", "--jsn", "x"], ["inspect", "--json=1", "x"]]) {
      const r = await cli(args);
      assert.equal(r.code, EXIT.usage, args.join(" "));
    }
    const badClock = await cli(["inspect", c.expected_token], { env: { RDS_IAM_EDGE_NOW_MS: "yesterday" } });
    assert.equal(badClock.code, EXIT.usage);
    assert.match(badClock.stderr, /RDS_IAM_EDGE_NOW_MS \(test only\) must be epoch milliseconds/);
  });
});

describe("verify", () => {
  const c = byId("rds-029"); // session token, long golden secret
  const secretFile = join(WORK, "secret");
  writeFileSync(secretFile, `${c.secretAccessKey}\n`);
  const wrongFile = join(WORK, "wrong-secret");
  writeFileSync(wrongFile, SECRET);
  const at = c.epoch_ms + 60_000;
  const signedAt = Math.floor(c.epoch_ms / 1000) * 1000;

  /** verify with --json; returns the exit code and the parsed verdict. */
  async function verdict(args, now = at, options = {}) {
    const r = await cli(["verify", "--json", ...args], { now, ...options });
    return { code: r.code, v: JSON.parse(r.stdout), stderr: r.stderr };
  }

  test("passes: the right secret, user, host (any case) and port, inside the validity window: exit 0", async () => {
    const r = await cli(["verify", c.expected_token, "--secret-file", secretFile], { now: at });
    assert.equal(r.code, EXIT.ok);
    assert.equal(r.stderr, "");
    assert.match(r.stdout, new RegExp(`^OK: the signature matches the secret for access key id ${c.accessKeyId}; valid until 2\\S+Z \\(14m 0s left\\)\n`));
    assert.match(r.stdout, /\nnot checked: username, hostname, port \(pass --username, --hostname, --port\)\n/);
    assert.match(r.stdout, /\nnote: signed with temporary credentials: the database also checks the session token with STS/);
    const full = await verdict([c.expected_token, "--secret-file", secretFile, "--username", c.user, "--hostname", c.host.toUpperCase(), "--port", String(c.port)]);
    assert.equal(full.code, EXIT.ok);
    assert.deepEqual({ ok: full.v.ok, checked: full.v.checked, hasSessionToken: full.v.hasSessionToken, warnings: full.v.warnings }, {
      ok: true,
      checked: { username: true, hostname: true, port: true },
      hasSessionToken: true,
      warnings: [],
    });
  });

  test("every golden token verifies with its own secret at its own time", async () => {
    for (const k of CASES) {
      const file = join(WORK, `secret-${k.id}`);
      writeFileSync(file, k.secretAccessKey);
      const r = await cli(["verify", k.expected_token, "--secret-file", file], { now: k.epoch_ms });
      assert.equal(r.code, EXIT.ok, `${k.id}: ${r.stdout}${r.stderr}`);
    }
  });

  const failures = [
    ["SIGNATURE_MISMATCH: another secret", () => [c.expected_token, "--secret-file", wrongFile], at, /the token was signed with another secret access key than this one \(for access key id ASIAQXYZ12345EXAMPLE\), or changed after signing/],
    ["SIGNATURE_MISMATCH: a token changed after signing", () => [c.expected_token.replace("DBUser=iam_db_user", "DBUser=admin"), "--secret-file", secretFile], at, /or changed after signing/],
    ["EXPIRED", () => [c.expected_token, "--secret-file", secretFile], signedAt + 900_000 + 61_000, /^the token expired 1m 1s ago, at \S+Z \(signed at \S+Z, valid 900 s\): sign a new one right before connecting$/],
    ["NOT_YET_VALID: beyond the default 300 s", () => [c.expected_token, "--secret-file", secretFile], signedAt - 301_000, /^the token is signed 5m 1s in the future \(at \S+Z\), beyond the 300 s allowed: the signing machine's clock is ahead$/],
    ["NOT_YET_VALID: --skew-seconds 0", () => [c.expected_token, "--secret-file", secretFile, "--skew-seconds", "0"], signedAt - 1000, /beyond the 0 s allowed/],
    ["WRONG_USER", () => [c.expected_token, "--secret-file", secretFile, "--username", "app_user"], at, /^the token was signed for user "iam_db_user", not "app_user"$/],
    ["WRONG_HOST: the host", () => [c.expected_token, "--secret-file", secretFile, "--hostname", "mycluster.cluster-c9akciq32xyz.us-east-1.rds.amazonaws.com"], at, /^the token was signed for host "mycluster\.cluster-ro-c9akciq32xyz\.us-east-1\.rds\.amazonaws\.com", not "mycluster\.cluster-c9akciq32xyz/],
    ["WRONG_HOST: the port", () => [c.expected_token, "--secret-file", secretFile, "--port", "3306"], at, /^the token was signed for port 5432, not 3306$/],
  ];
  for (const [name, args, now, message] of failures) {
    test(`fails with ${name}: exit 1, the reason on stdout`, async () => {
      const code = name.split(":")[0];
      const { code: exit, v, stderr } = await verdict(args(), now);
      assert.equal(exit, EXIT.notVerified);
      assert.equal(stderr, "");
      assert.equal(v.ok, false);
      assert.equal(v.code, code);
      assert.match(v.message, message);
      const text = await cli(["verify", ...args()], { now });
      assert.equal(text.code, EXIT.notVerified);
      assert.ok(text.stdout.startsWith(`FAIL: ${code}: `), text.stdout);
    });
  }

  test("a token signed in the future but within the skew passes, with the SIGNED_IN_FUTURE warning", async () => {
    const { code, v } = await verdict([c.expected_token, "--secret-file", secretFile], signedAt - 299_000);
    assert.equal(code, EXIT.ok);
    assert.deepEqual(v.warnings.map((w) => w.code), ["SIGNED_IN_FUTURE"]);
  });

  test("the secret from stdin (--secret-file -), or the token from stdin", async () => {
    const secretIn = await cli(["verify", c.expected_token, "--secret-file", "-"], { input: `${c.secretAccessKey}\n`, now: at });
    assert.equal(secretIn.code, EXIT.ok, secretIn.stderr);
    const tokenIn = await cli(["verify", "--secret-file", secretFile], { input: c.expected_token, now: at });
    assert.equal(tokenIn.code, EXIT.ok, tokenIn.stderr);
    const both = await cli(["verify", "-", "--secret-file", "-"], { input: c.expected_token, now: at });
    assert.equal(both.code, EXIT.usage);
    assert.match(both.stderr, /stdin can hold the token or the secret, not both/);
  });

  test("usage errors: exit 2, naming the problem without the secret", async () => {
    const multi = join(WORK, "credentials-file");
    writeFileSync(multi, `[default]\naws_secret_access_key = ${SECRET}\n`);
    const empty = join(WORK, "empty");
    writeFileSync(empty, "\n");
    const cases = [
      [["verify", c.expected_token], /--secret-file is required/],
      [["verify", c.expected_token, "--secret-file", join(WORK, "missing")], /--secret-file: cannot read the file \(ENOENT\)/],
      [["verify", c.expected_token, "--secret-file", multi], /the file must hold the secret access key alone, on one line/],
      [["verify", c.expected_token, "--secret-file", empty], /the file is empty/],
      [["verify", c.expected_token, "--secret-file", secretFile, "--port", "http"], /INVALID_PORT \(--port\)/],
      [["verify", c.expected_token, "--secret-file", secretFile, "--skew-seconds", "-5"], /--skew-seconds must be a whole number of seconds/],
      [["verify", c.expected_token, SECRET, "--secret-file", secretFile], /takes at most 1 argument/],
    ];
    for (const [args, expected] of cases) {
      const r = await cli(args, { now: at });
      assert.equal(r.code, EXIT.usage, `${args.slice(2).join(" ")}: ${r.stderr}`);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, expected);
    }
  });

  test("not a token: exit 3", async () => {
    const r = await cli(["verify", "nope", "--secret-file", secretFile], { now: at });
    assert.equal(r.code, EXIT.notAToken);
    assert.match(r.stderr, /^rds-iam-edge: INVALID_TOKEN: not a token/);
  });
});

describe("issue 13: what the CLI prints and reads", () => {
  const c = CASES.find((k) => k.kind === "rds");
  const at = c.epoch_ms + 1000;
  const secretFile = join(WORK, "secret-issue-13");
  writeFileSync(secretFile, `${SECRET}\n`);

  test("a secret pasted as --secret-file is never echoed, whatever the error", async () => {
    for (const pasted of [SECRET, `${SECRET}/x`, `./${SECRET}`]) {
      const r = await cli(["verify", c.expected_token, "--secret-file", pasted], { now: at });
      assert.equal(r.code, EXIT.usage);
      assert.match(r.stderr, /--secret-file: cannot read the file/);
      for (const part of [pasted, SECRET.slice(0, 12), SECRET.slice(-12)]) assert.ok(!(r.stdout + r.stderr).includes(part), r.stderr);
    }
  });

  test("--secret-file reads a pipe (process substitution) with a cap", async () => {
    const r = spawn("bash", ["-c", `"${BIN}" verify - --secret-file <(printf %s "$S") < <(printf %s "$T")`], {
      env: { ...BASE_ENV, RDS_IAM_EDGE_NOW_MS: String(at), S: c.secretAccessKey, T: c.expected_token },
    });
    let out = "";
    r.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    const code = await new Promise((resolve) => r.on("close", resolve));
    assert.equal(code, EXIT.ok, out);
    assert.match(out, /^OK: /);
  });

  test("inspect and verify --help say to pipe the token on stdin (argv shows in ps)", async () => {
    for (const command of ["inspect", "verify"]) {
      const r = await cli([command, "--help"]);
      assert.match(r.stdout, /Without TOKEN \(or with -\) the token is read from stdin/);
      assert.match(r.stdout, /ps/);
    }
    const piped = await cli(["inspect", "-"], { input: `${c.expected_token}\n`, now: at });
    assert.equal(piped.code, EXIT.ok, piped.stderr);
  });

  test("a hostile token's fields print with control and bidi characters escaped, as text and JSON", async () => {
    const evil = "bob\u001b[2J\u202eevil\u2066\nline\u0007";
    const token = cjs.signToken({ hostname: "db.example.com", port: 5432, username: evil, region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: SECRET }, now: at });
    for (const args of [["inspect", "-"], ["inspect", "-", "--json"], ["verify", "-", "--secret-file", secretFile, "--username", "alice"]]) {
      const r = await cli(args, { input: token, now: at });
      const all = r.stdout + r.stderr;
      assert.doesNotMatch(all, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, `${args.join(" ")}: ${JSON.stringify(all)}`);
      if (args.includes("--json")) assert.equal(JSON.parse(r.stdout).username, evil, "JSON escapes keep the value");
      else assert.match(all, /bob\\u001b\[2J\\u202eevil/);
    }
    const text = await cli(["inspect", "-"], { input: token, now: at });
    assert.equal(text.stdout.split("\n").filter((l) => l.startsWith("line")).length, 0, "a line break in a field does not start a line");
  });

  test("a malformed AWS_CREDENTIAL_EXPIRATION exits 4 (a credential source failed), as documented", async () => {
    const r = await cli(["token", "--hostname", "db.example.com", "--port", "5432", "--username", "u", "--region", "us-east-1"], {
      env: { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: SECRET, AWS_CREDENTIAL_EXPIRATION: "next tuesday" },
    });
    assert.equal(r.code, EXIT.unavailable, r.stderr);
    assert.match(r.stderr, /^rds-iam-edge: INVALID_CREDENTIALS \(AWS_CREDENTIAL_EXPIRATION\)/);
    assert.equal(r.stdout, "");
  });

});

describe("npx", () => {
  test("`npx rds-iam-edge token` from the packed package, installed offline", async () => {
    const dir = mkdtempSync(join(WORK, "npx-"));
    const npmEnv = { ...process.env, npm_config_cache: join(dir, "cache"), npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
    const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: PKG, env: npmEnv, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    assert.ok(packed[0].files.some((f) => f.path === "dist/cli.cjs"), "the tarball holds dist/cli.cjs");
    const app = join(dir, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), '{ "name": "cli-consumer", "private": true }\n');
    execFileSync("npm", ["install", "--offline", "--ignore-scripts", "--no-package-lock", "--loglevel=error", join(dir, packed[0].filename)], { cwd: app, env: npmEnv, stdio: "ignore" });
    const c = byId("rds-000");
    const token = execFileSync("npx", ["--offline", "rds-iam-edge", ...tokenArgs(c)], {
      cwd: app,
      env: { ...npmEnv, ...BASE_ENV, PATH: process.env.PATH, ...credsEnv(c), RDS_IAM_EDGE_NOW_MS: String(c.epoch_ms) },
      encoding: "utf8",
    });
    assert.equal(token, `${c.expected_token}\n`);
  });
});

describe("secret hygiene", () => {
  test("no output of any run above holds a secret access key", () => {
    assert.ok(outputs.length > 100, `${outputs.length} runs recorded`);
    for (const { args, stdout, stderr } of outputs) {
      for (const secret of SECRETS) {
        assert.ok(!stdout.includes(secret) && !stderr.includes(secret), `a secret in the output of ${args[0]}`);
        assert.ok(!stdout.includes(encodeURIComponent(secret)) && !stderr.includes(encodeURIComponent(secret)), `an encoded secret in ${args[0]}`);
      }
      if (args[0] !== "token") {
        assert.ok(!stdout.includes(SESSION) && !stdout.includes(encodeURIComponent(SESSION)), `the session token in ${args[0]}`);
      }
    }
  });
});
