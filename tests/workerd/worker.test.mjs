// Real-runtime tests: Workers bundled by wrangler (`deploy --dry-run`) and run
// in workerd through Miniflare. Needs `make build` (pkg/) first.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, describe, test } from "node:test";
import { bundle, emptyWorker, forbiddenIn, goldenInput, PKG, ROOT, start, startupTimes, stdioCollector } from "./harness.mjs";
import { hyperdriveApi } from "./hyperdrive-api.mjs";
import { pgStandIn } from "./pg-stand-in.mjs";

// The Node build of the same package copy checks what the Worker produced.
const node = createRequire(import.meta.url)(`${PKG}/dist/node.cjs`);
// The golden cases whose input signs (tests/data/tokens/refused.json lists the others).
const REFUSED = JSON.parse(readFileSync(`${ROOT}tests/data/tokens/refused.json`, "utf8"));
const CASES = JSON.parse(readFileSync(`${ROOT}tests/data/tokens/tokens.json`, "utf8")).filter((c) => !(c.id in REFUSED));
// A tripwire, far under Cloudflare's 1 MB (free) limit: an AWS SDK or a
// Node polyfill sneaking in would cost hundreds of KiB.
const EXAMPLE_GZIP_BUDGET_KIB = 50;

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SESSION = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN+/=";
const API_TOKEN = "cf-api-token-EXAMPLE-0123456789";
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0, 0);
const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: SECRET, sessionToken: SESSION };
const RDS = { hostname: "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com", port: 5432, username: "app_user", region: "us-east-1" };

const post = async (mf, path, body) => (await mf.dispatchFetch(`http://worker${path}`, { method: "POST", body: JSON.stringify(body) })).json();

function assertNoSecrets(text, secrets) {
  for (const secret of secrets) assert.ok(!text.includes(secret), `must not contain ${secret.slice(0, 12)}...`);
  assert.doesNotMatch(text, /X-Amz-Signature=|X-Amz-Security-Token=/);
}

function assertCleanBundle(built, wasmModules = ["sign.wasm"]) {
  assert.deepEqual(forbiddenIn(built.main), [], "forbidden code in the bundle");
  // One ES module and the precompiled wasm modules it uses, imported (not fetched):
  // the signing module always, the inspect module only when the Worker inspects or verifies.
  const wasm = built.modules.filter((m) => m.endsWith(".wasm"));
  assert.deepEqual(built.modules.filter((m) => !m.endsWith(".wasm")), ["index.js"]);
  assert.deepEqual(wasm.map((m) => m.replace(/^[0-9a-f]+-/, "")).sort(), [...wasmModules].sort());
  for (const module of wasm) {
    const escaped = module.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    assert.match(built.main, new RegExp(`import\\s*[\\w$]+\\s*from\\s*"\\./${escaped}"`));
  }
}

describe("test Worker (imports rds-iam-edge by name)", () => {
  let built, worker, outbound, timings;
  before(async () => {
    built = bundle(`${ROOT}tests/workerd/fixture`);
    outbound = [];
    // Any outbound request (a fetch of the .wasm, say) is recorded and refused.
    worker = await start(built, {
      outboundService: (request) => {
        outbound.push(request.url);
        return new Response("no network in this test", { status: 503 });
      },
    });
    const started = performance.now();
    await post(worker.mf, "/sign", []);
    timings = { readyMs: worker.readyMs, firstRequestMs: performance.now() - started };
  });
  after(async () => {
    await worker?.mf.dispose();
    built?.cleanup();
  });

  test("every golden token, by signToken and TokenSigner, byte for byte", async (t) => {
    t.diagnostic(`workerd ready in ${timings.readyMs.toFixed(0)} ms, first request ${timings.firstRequestMs.toFixed(0)} ms`);
    const results = await post(worker.mf, "/sign", CASES.map(goldenInput));
    assert.equal(results.length, CASES.length);
    CASES.forEach((c, i) => {
      const r = results[i];
      assert.equal(r.error, undefined, `${c.id}: ${r.error?.message}`);
      assert.equal(r.token, c.expected_token, c.id);
      assert.equal(r.signerToken, c.expected_token, `${c.id} (TokenSigner)`);
      assert.equal(r.info.service, c.kind, c.id);
      assert.equal(r.info.hostname, c.host, c.id);
      assert.equal(r.info.region, c.region, c.id);
      assert.equal(r.info.signedAt, c.epoch * 1000, c.id);
      assert.equal(r.info.expiresIn, c.expiresIn, c.id);
      assert.equal(r.info.hasSessionToken, Boolean(c.sessionToken), c.id);
    });
    t.diagnostic(`${CASES.length} golden cases`);
  });

  test("no outbound request at any point: the wasm is not fetched", () => {
    assert.deepEqual(outbound, []);
  });

  test("bad input: RdsIamError with code and field, no secret in it", async () => {
    const bad = [
      { ...RDS, port: 0, credentials: CREDENTIALS, now: NOW },
      { ...RDS, region: "US-EAST-1", credentials: CREDENTIALS, now: NOW },
      { service: "dsql", hostname: "abc.dsql.us-east-1.on.aws", port: 5432, region: "us-east-1", credentials: CREDENTIALS, now: NOW },
      { ...RDS, credentials: { ...CREDENTIALS, accessKeyId: "" }, now: NOW },
    ];
    const want = [["INVALID_PORT", "port"], ["INVALID_REGION", "region"], ["NOT_APPLICABLE", "port"], ["INVALID_CREDENTIALS", "credentials.accessKeyId"]];
    const results = await post(worker.mf, "/sign", bad);
    results.forEach(({ error }, i) => {
      assert.ok(error.isRdsIamError, "instanceof RdsIamError");
      assert.equal(error.name, "RdsIamError");
      assert.deepEqual([error.code, error.field], want[i]);
      assertNoSecrets(JSON.stringify(error), [SECRET, SESSION]);
    });
  });

  test("no region given: the endpoint's own (signToken is pure: no environment in a Worker)", async () => {
    const [rds, dsql, custom] = await post(worker.mf, "/sign", [
      { ...RDS, hostname: "mydb.c9akciq32xyz.eu-west-1.rds.amazonaws.com", region: undefined, credentials: CREDENTIALS, now: NOW },
      { service: "dsql", hostname: "abc.dsql.ap-southeast-2.on.aws", credentials: CREDENTIALS, now: NOW },
      { ...RDS, hostname: "db.internal.example", region: undefined, credentials: CREDENTIALS, now: NOW },
    ]);
    assert.equal(rds.info?.region, "eu-west-1", JSON.stringify(rds.error));
    assert.equal(dsql.info?.region, "ap-southeast-2", JSON.stringify(dsql.error));
    assert.deepEqual([custom.error?.code, custom.error?.field], ["REGION_UNAVAILABLE", "region"]);
  });

  test("a provider without credentials in a Worker: CREDENTIALS_UNAVAILABLE naming fromWorkersEnv(env)", async () => {
    const { error } = await post(worker.mf, "/provider", { options: { ...RDS } });
    assert.deepEqual([error.code, error.field], ["CREDENTIALS_UNAVAILABLE", "credentials"]);
    assert.match(error.message, /fromWorkersEnv\(env\)/);
  });

  test("bundle: no eval, no Function, no wasm compile or fetch, no Node or AWS SDK code", () => {
    assertCleanBundle(built, ["sign.wasm", "inspect.wasm"]);
  });

  test("start-up: well inside Cloudflare's 400 ms budget", async (t) => {
    const { packageEvalMs } = await (await worker.mf.dispatchFetch("http://worker/startup")).json();
    const empty = emptyWorker();
    try {
      const ours = await startupTimes(built, 3, "/startup");
      const baseline = await startupTimes(empty, 3);
      t.diagnostic(`package evaluation (wasm instantiation included): ${packageEvalMs} ms`);
      t.diagnostic(`workerd ready, median of 3: ${ours.readyMs.toFixed(0)} ms (an empty Worker: ${baseline.readyMs.toFixed(0)} ms); ` +
        `first request ${ours.firstRequestMs.toFixed(0)} ms (empty: ${baseline.firstRequestMs.toFixed(0)} ms)`);
      assert.ok(packageEvalMs < 100, `${packageEvalMs} ms`);
      assert.ok(ours.readyMs - baseline.readyMs < 400, "start-up cost over an empty Worker");
    } finally {
      empty.cleanup();
    }
  });
});

describe("rotateHyperdrivePassword in workerd against a local Hyperdrive API", () => {
  let built, worker, api;
  const secrets = [SECRET, SESSION, API_TOKEN];
  const options = (configId, extra = {}) => ({
    accountId: "0123456789abcdef0123456789abcdef",
    configId,
    apiToken: API_TOKEN,
    apiBaseUrl: api.url,
    ...RDS,
    credentials: CREDENTIALS,
    now: NOW,
    ...extra,
  });
  const rotate = (body) => post(worker.mf, "/rotate", body);
  const expectedToken = node.signToken({ ...RDS, credentials: CREDENTIALS, now: NOW });

  before(async () => {
    api = await hyperdriveApi({ apiToken: API_TOKEN });
    built = bundle(`${ROOT}tests/workerd/fixture`);
    worker = await start(built); // workerd's own network: it reaches 127.0.0.1
  });
  after(async () => {
    await worker?.mf.dispose();
    await api?.close();
    built?.cleanup();
  });

  test("success: one PATCH with the bearer token and the token as origin.password", async () => {
    const { result, error } = await rotate({ options: options("cfg-ok") });
    assert.equal(error, undefined, error?.message);
    assert.deepEqual(result, { configId: "cfg-ok", expiresAt: NOW + 900_000 });
    const [req, ...more] = api.forConfig("cfg-ok");
    assert.equal(more.length, 0);
    assert.equal(req.method, "PATCH");
    assert.equal(req.path, "/client/v4/accounts/0123456789abcdef0123456789abcdef/hyperdrive/configs/cfg-ok");
    assert.equal(req.headers.authorization, `Bearer ${API_TOKEN}`);
    assert.equal(req.headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(req.body), { origin: { password: expectedToken } });
    const verdict = node.verifyToken(JSON.parse(req.body).origin.password, {
      secretAccessKey: SECRET, now: NOW, username: RDS.username, hostname: RDS.hostname, port: RDS.port,
    });
    assert.deepEqual(verdict, { ok: true });
  });

  test("5xx then success: exactly one retry, same body", async () => {
    api.script("cfg-retry", [{ status: 503 }]);
    const { result, error } = await rotate({ options: options("cfg-retry") });
    assert.equal(error, undefined, error?.message);
    assert.equal(result.configId, "cfg-retry");
    const reqs = api.forConfig("cfg-retry");
    assert.equal(reqs.length, 2);
    assert.equal(reqs[0].body, reqs[1].body);
  });

  test("5xx twice: HTTP_ERROR after two requests, no third", async () => {
    api.script("cfg-down", [{ status: 502 }, { status: 500 }]);
    const { error } = await rotate({ options: options("cfg-down") });
    assert.equal(error.code, "HTTP_ERROR");
    assert.match(error.message, /HTTP 500/);
    assert.equal(api.forConfig("cfg-down").length, 2);
  });

  test("4xx: a clear HTTP_ERROR at once, with Cloudflare's code, and no secret or token", async () => {
    const { error } = await rotate({ options: options("cfg-auth", { apiToken: "cf-wrong-token-EXAMPLE" }) });
    assert.ok(error.isRdsIamError);
    assert.equal(error.code, "HTTP_ERROR");
    assert.match(error.message, /HTTP 403/);
    assert.match(error.message, /10000: Authentication error/);
    assert.equal(api.forConfig("cfg-auth").length, 1, "no retry on 4xx");
    assertNoSecrets(JSON.stringify(error), [...secrets, "cf-wrong-token-EXAMPLE", expectedToken]);
  });

  test("4xx whose message echoes the password: redacted", async () => {
    const echo = { success: false, errors: [{ code: 2008, message: `could not log in with password ${expectedToken}` }], messages: [], result: null };
    api.script("cfg-echo", [{ status: 400, body: echo }]);
    const { error } = await rotate({ options: options("cfg-echo") });
    assert.equal(error.code, "HTTP_ERROR");
    assert.match(error.message, /HTTP 400 \(2008: could not log in with password \[redacted\]\)/);
    assertNoSecrets(JSON.stringify(error), [...secrets, expectedToken, expectedToken.slice(-80)]);
  });

  test("a redirect is HTTP_ERROR: workerd's fetch does not follow it, so the password stays", async () => {
    const elsewhere = `${api.url}/client/v4/accounts/0123456789abcdef0123456789abcdef/hyperdrive/configs/cfg-stolen`;
    api.script("cfg-redirect", [{ status: 307, headers: { location: elsewhere } }]);
    const { error } = await rotate({ options: options("cfg-redirect") });
    assert.equal(error?.code, "HTTP_ERROR");
    assert.match(error.message, /redirect \(HTTP 307\), which is never followed/);
    assert.equal(api.forConfig("cfg-redirect").length, 1, "no retry");
    assert.equal(api.forConfig("cfg-stolen").length, 0, "the PATCH body never went to the redirect's target");
  });

  test("200 with success:false is an error too", async () => {
    api.script("cfg-unsure", [{ status: 200, body: { success: false, errors: [{ code: 1, message: "not done" }], messages: [], result: null } }]);
    const { error } = await rotate({ options: options("cfg-unsure") });
    assert.equal(error.code, "HTTP_ERROR");
    assert.match(error.message, /unsuccessful answer \(HTTP 200\) \(1: not done\)/);
  });

  test("timeout: TIMEOUT after timeoutMs, no retry", async () => {
    api.script("cfg-slow", ["hang", "hang"]);
    const { error, ms } = await rotate({ options: options("cfg-slow", { timeoutMs: 300 }) });
    assert.equal(error.code, "TIMEOUT");
    assert.match(error.message, /within 300 ms/);
    assert.ok(ms >= 250 && ms < 3000, `took ${ms} ms`);
    assert.equal(api.forConfig("cfg-slow").length, 1);
    assertNoSecrets(JSON.stringify(error), [...secrets, expectedToken]);
  });

  test("DSQL: a 7-day token; expiresAt follows expiresIn", async () => {
    const dsql = { service: "dsql", hostname: "abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws", admin: true, expiresIn: 604800 };
    const { accountId, configId, apiToken, apiBaseUrl, credentials, now, region } = options("cfg-dsql");
    const { result, error } = await rotate({ options: { accountId, configId, apiToken, apiBaseUrl, credentials, now, region, ...dsql } });
    assert.equal(error, undefined, error?.message);
    assert.equal(result.expiresAt, NOW + 604_800_000);
    const token = JSON.parse(api.forConfig("cfg-dsql")[0].body).origin.password;
    assert.equal(token, node.signToken({ ...dsql, region, credentials, now }));
  });

  test("credentials from an async provider: expiresAt is capped by their expiration", async () => {
    const expiration = NOW + 300_000;
    const { result, error } = await rotate({ options: options("cfg-provider"), credentialsAs: "provider", expiration });
    assert.equal(error, undefined, error?.message);
    assert.deepEqual(result, { configId: "cfg-provider", expiresAt: expiration });
  });

  test("expired credentials: CREDENTIALS_EXPIRED, nothing sent", async () => {
    const { error } = await rotate({ options: options("cfg-expired"), credentialsAs: "provider", expiration: NOW - 1 });
    assert.equal(error.code, "CREDENTIALS_EXPIRED");
    assert.equal(api.forConfig("cfg-expired").length, 0);
  });

  test("a failing credentials provider: PROVIDER_FAILED without its message", async () => {
    const { error } = await rotate({ options: options("cfg-provider-fails"), credentialsAs: "failing-provider" });
    assert.equal(error.code, "PROVIDER_FAILED");
    assertNoSecrets(JSON.stringify(error), secrets);
    assert.equal(api.forConfig("cfg-provider-fails").length, 0);
  });

  test("bad options are input errors before any request", async () => {
    const cases = [
      [options("../../x"), "INVALID_INPUT", "configId"],
      [options("cfg-bad", { accountId: "" }), "INVALID_INPUT", "accountId"],
      [options("cfg-bad", { apiToken: "two\nlines" }), "INVALID_INPUT", "apiToken"],
      [options("cfg-bad", { apiBaseUrl: "ftp://example.com" }), "INVALID_INPUT", "apiBaseUrl"],
      [options("cfg-bad", { timeoutMs: 0 }), "INVALID_INPUT", "timeoutMs"],
      [options("cfg-bad", { service: "elasticache" }), "INVALID_SERVICE", "service"],
      [options("cfg-bad", { port: 70000 }), "INVALID_PORT", "port"],
      [options("cfg-bad", { cache: true }), "INVALID_INPUT", "cache"],
    ];
    for (const [body, code, field] of cases) {
      const { error } = await rotate({ options: body });
      assert.deepEqual([error?.code, error?.field], [code, field], JSON.stringify(body[field]));
      assertNoSecrets(JSON.stringify(error), secrets);
    }
    assert.equal(api.forConfig("cfg-bad").length, 0);
    assert.equal(api.requests.filter((r) => !r.configId).length, 0);
  });
});

describe("examples/worker", () => {
  let built, worker;
  const env = {
    DB_HOST: "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com",
    DB_PORT: "5432",
    DB_USER: "app_user",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_SESSION_TOKEN: SESSION,
  };
  before(async () => {
    built = bundle(`${ROOT}examples/worker`);
  });
  after(async () => {
    await worker?.mf.dispose();
    built?.cleanup();
  });

  test("bundle size as wrangler reports it (gzip)", (t) => {
    t.diagnostic(`examples/worker: ${built.uploadKiB} KiB, gzip ${built.gzipKiB} KiB (wrangler), bundled in ${built.bundleMs.toFixed(0)} ms`);
    assert.ok(built.gzipKiB > 0 && built.gzipKiB < EXAMPLE_GZIP_BUDGET_KIB, `${built.gzipKiB} KiB gzip`);
  });

  test("bundle: no AWS SDK, no Node-only code, no eval/Function, wasm imported not fetched", () => {
    assertCleanBundle(built);
  });

  test("signs once, then answers from the provider's cache; never shows the token", async (t) => {
    const outbound = [];
    worker = await start(built, {
      bindings: env,
      outboundService: (request) => {
        outbound.push(request.url);
        return new Response(null, { status: 503 });
      },
    });
    const before = Date.now();
    const response = await worker.mf.dispatchFetch("http://worker/");
    const text = await response.text();
    t.diagnostic(`workerd ready in ${worker.readyMs.toFixed(0)} ms, first request ${Date.now() - before} ms`);
    assert.equal(response.status, 200, text);
    assertNoSecrets(text, [SECRET, SESSION]);
    const first = JSON.parse(text);
    assert.equal(first.hostname, env.DB_HOST);
    assert.equal(first.username, env.DB_USER);
    // The token's length does not depend on the time: the Node build's, for the same input.
    const expected = node.signToken({ ...RDS, credentials: CREDENTIALS, now: NOW });
    assert.equal(first.passwordLength, expected.length);
    assert.deepEqual([first.hits, first.signings], [0, 1]);
    const second = await (await worker.mf.dispatchFetch("http://worker/")).json();
    assert.deepEqual([second.hits, second.signings, second.passwordLength], [1, 1, first.passwordLength]);
    assert.deepEqual(outbound, []);
  });

  test("missing credentials: an error code, no secret", async () => {
    const { AWS_SECRET_ACCESS_KEY: _, ...withoutSecret } = env;
    const bare = await start(built, { bindings: withoutSecret });
    try {
      const response = await bare.mf.dispatchFetch("http://worker/");
      const text = await response.text();
      assert.equal(response.status, 500, text);
      assert.match(JSON.parse(text).code, /^(CREDENTIALS_UNAVAILABLE|INVALID_CREDENTIALS)$/);
      assertNoSecrets(text, [SECRET, SESSION]);
    } finally {
      await bare.mf.dispose();
    }
  });
});

describe("examples/hyperdrive-rotation (scheduled)", () => {
  let built, api, worker, stdio;
  const env = (extra) => ({
    CF_ACCOUNT_ID: "0123456789abcdef0123456789abcdef",
    HYPERDRIVE_CONFIG_ID: "fedcba9876543210fedcba9876543210",
    DB_SERVICE: "rds",
    DB_HOST: "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com",
    DB_PORT: "5432",
    DB_USER: "app_user",
    AWS_REGION: "us-east-1",
    TOKEN_EXPIRES_IN: "900",
    CF_API_TOKEN: API_TOKEN,
    CF_API_BASE_URL: api.url,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_SESSION_TOKEN: SESSION,
    ...extra,
  });
  before(async () => {
    api = await hyperdriveApi({ apiToken: API_TOKEN });
    built = bundle(`${ROOT}examples/hyperdrive-rotation`);
  });
  after(async () => {
    await worker?.mf.dispose();
    await api?.close();
    built?.cleanup();
  });

  test("bundle is clean", (t) => {
    t.diagnostic(`examples/hyperdrive-rotation: gzip ${built.gzipKiB} KiB (wrangler)`);
    assertCleanBundle(built);
  });

  test("the cron run writes a fresh token into the config; logs hold no secret", async () => {
    stdio = stdioCollector();
    worker = await start(built, { bindings: env(), handleRuntimeStdio: stdio.handle });
    const before = Date.now();
    const outcome = await (await worker.mf.getWorker()).scheduled({ cron: "*/5 * * * *", scheduledTime: new Date() });
    assert.equal(outcome.outcome, "ok");
    const [req, ...more] = api.forConfig("fedcba9876543210fedcba9876543210");
    assert.equal(more.length, 0);
    assert.equal(req.headers.authorization, `Bearer ${API_TOKEN}`);
    const token = JSON.parse(req.body).origin.password;
    const info = node.inspectToken(token);
    assert.ok(info.signedAt > before - 60_000);
    assert.deepEqual(node.verifyToken(token, { secretAccessKey: SECRET, username: "app_user", hostname: info.hostname, port: 5432 }), { ok: true });
    await new Promise((resolve) => setTimeout(resolve, 100)); // let stdout drain
    assert.match(stdio.text(), /origin password rotated \(\*\/5 \* \* \* \*\), valid until/);
    assertNoSecrets(stdio.text(), [SECRET, SESSION, API_TOKEN, token]);
  });

  test("a refused update fails the cron run, and the logged error holds no secret", async () => {
    await worker?.mf.dispose();
    stdio = stdioCollector();
    worker = await start(built, { bindings: env({ CF_API_TOKEN: "cf-revoked-token-EXAMPLE" }), handleRuntimeStdio: stdio.handle });
    const outcome = await (await worker.mf.getWorker()).scheduled({ cron: "*/5 * * * *" });
    assert.equal(outcome.outcome, "exception");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sent = api.requests.at(-1);
    assert.equal(sent.headers.authorization, "Bearer cf-revoked-token-EXAMPLE");
    assertNoSecrets(stdio.text(), [SECRET, SESSION, API_TOKEN, "cf-revoked-token-EXAMPLE", JSON.parse(sent.body).origin.password]);
  });
});

describe("direct TCP: postgres.js over cloudflare:sockets, a token as the password", () => {
  let built, pg;
  const env = () => ({
    DB_HOST: "127.0.0.1",
    DB_PORT: String(pg.port),
    DB_USER: "app_user",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SECRET,
  });
  before(async () => {
    pg = await pgStandIn();
    built = bundle(`${ROOT}tests/workerd/direct-tcp`, { link: ["postgres"] });
  });
  after(async () => {
    await pg?.close();
    built?.cleanup();
  });

  test("the password function's token reaches the server at login", async (t) => {
    t.diagnostic(`postgres.js + rds-iam-edge Worker: gzip ${built.gzipKiB} KiB (wrangler)`);
    const { mf } = await start(built, { bindings: { ...env(), DB_SSL: "off" } });
    try {
      const before = Date.now();
      const answer = await (await mf.dispatchFetch("http://worker/")).json();
      assert.match(answer.error, /stand-in ends the login here/);
      assert.ok(pg.logins.length >= 1);
      for (const login of pg.logins) {
        assert.deepEqual([login.params.user, login.params.database], ["app_user", "app"]);
        const verdict = node.verifyToken(login.password, {
          secretAccessKey: SECRET, username: "app_user", hostname: "127.0.0.1", port: pg.port,
        });
        assert.deepEqual(verdict, { ok: true });
        assert.ok(node.inspectToken(login.password).signedAt >= Math.floor(before / 1000) * 1000 - 1000);
      }
    } finally {
      await mf.dispose();
    }
  });

  test("with ssl required and a server without TLS, no token is sent", async () => {
    const sent = pg.logins.length;
    const { mf } = await start(built, { bindings: env() });
    try {
      const answer = await (await mf.dispatchFetch("http://worker/")).json();
      // postgres.js gives up (an SSL error or its connect timeout) without a password.
      assert.match(answer.error, /SSL|TLS|CONNECT_TIMEOUT/i);
      assert.equal(pg.logins.length, sent);
    } finally {
      await mf.dispose();
    }
  });
});

describe("the browser build bundled into a Worker by mistake (no workerd condition)", () => {
  test("workerd refuses to compile wasm from bytes: WASM_UNAVAILABLE, pointing at the workerd build", async () => {
    const { build } = await import("esbuild");
    const source = `
      import { signToken, RdsIamError } from "rds-iam-edge";
      export default {
        async fetch() {
          try {
            signToken(${JSON.stringify({ ...RDS, credentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: SECRET } })});
            return Response.json("signed");
          } catch (e) {
            return Response.json({ rds: e instanceof RdsIamError, code: e.code, reason: e.reason });
          }
        },
      };`;
    // esbuild for browsers, as a user bundling a Worker without wrangler might.
    const out = await build({ stdin: { contents: source, resolveDir: ROOT }, bundle: true, format: "esm", platform: "browser", write: false, alias: { "rds-iam-edge": `${PKG}/dist/browser.mjs` }, logLevel: "error" });
    const { Miniflare } = await import("miniflare");
    const mf = new Miniflare({ modules: [{ type: "ESModule", path: "index.js", contents: out.outputFiles[0].text }], compatibilityDate: "2026-04-01" });
    try {
      const answer = await (await mf.dispatchFetch("http://worker/")).json();
      assert.deepEqual(answer, {
        rds: true,
        code: "WASM_UNAVAILABLE",
        reason:
          "this runtime refused to compile or run the signer's WebAssembly (CompileError): a page's Content-Security-Policy must allow 'wasm-unsafe-eval'; Cloudflare Workers need the package's workerd build (wrangler picks it)",
      });
    } finally {
      await mf.dispose();
    }
  });
});
