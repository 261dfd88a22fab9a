// defaultCredentials(): the SDKs' order (environment, shared files, web
// identity, container, instance metadata), stopping at the first source set
// up here; a source set up but failing ends the search; one final error
// lists what was tried. Also: it is the Node default for authTokenProvider
// and Signer, and the token cache keeps its identity until near expiry.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { describe, test } from "node:test";

import { SECRET, assertClean, cjs, manualClock } from "./wrapper-support.mjs";
import { closedPort, inAnHour, server, stsXml, tempFiles, withEnv } from "./source-support.mjs";

const { defaultCredentials, authTokenProvider, inspectToken, Signer, TokenCache, RdsIamError } = cjs;

const KEYS = {
  environment: "AKIAENVIRONMENT00001",
  file: "AKIASHAREDFILE000001",
  web: "ASIAWEBIDENTITY00001",
  container: "ASIACONTAINER0000001",
  imds: "ASIAINSTANCE00000001",
};
const WEB_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaGFpbiJ9.sig";

// The servers' idea of now (a test with a hand-driven clock moves it too).
let serverNow = () => Date.now();
const json = (accessKeyId) =>
  JSON.stringify({ Code: "Success", AccessKeyId: accessKeyId, SecretAccessKey: SECRET, Token: "session", Expiration: new Date(serverNow() + 3600_000).toISOString() });

/** Every source set up and answering with its own key; `env` is what the test sets. */
async function everything(t) {
  const sts = await server(t, () => ({ body: stsXml({ accessKeyId: KEYS.web, secretAccessKey: SECRET, sessionToken: "session", expiration: inAnHour() }) }));
  const container = await server(t, () => ({ body: json(KEYS.container) }));
  const imds = await server(t, (req) => {
    if (req.url === "/latest/api/token") return { body: "imds-session" };
    if (req.url === "/latest/meta-data/iam/security-credentials/") return { body: "role" };
    return { body: json(KEYS.imds) };
  });
  const path = tempFiles(t, {
    credentials: `[default]\naws_access_key_id = ${KEYS.file}\naws_secret_access_key = ${SECRET}\n[other]\naws_access_key_id = AKIAOTHERPROFILE0001\naws_secret_access_key = x\n`,
    token: WEB_TOKEN,
  });
  const env = {
    AWS_ACCESS_KEY_ID: KEYS.environment,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_SHARED_CREDENTIALS_FILE: path("credentials"),
    AWS_CONFIG_FILE: path("config"),
    AWS_WEB_IDENTITY_TOKEN_FILE: path("token"),
    AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/chain",
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.url}/creds`,
    AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url,
  };
  withEnv(t, env);
  return { sts, container, imds, env };
}

const NOTHING = {
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
  AWS_CONFIG_FILE: "/nonexistent/config",
};

describe("defaultCredentials", () => {
  test("the SDKs' order: environment, shared files, web identity, container, instance metadata", async (t) => {
    const s = await everything(t);
    const chain = defaultCredentials();
    const order = [];
    for (const [source, unset] of [
      ["environment", ["AWS_ACCESS_KEY_ID"]],
      ["file", ["AWS_SHARED_CREDENTIALS_FILE"]],
      ["web", ["AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"]],
      ["container", ["AWS_CONTAINER_CREDENTIALS_FULL_URI"]],
      ["imds", []],
    ]) {
      const identity = await chain();
      assert.equal(identity.accessKeyId, KEYS[source], source);
      order.push(source);
      for (const name of unset) process.env[name] = name === "AWS_SHARED_CREDENTIALS_FILE" ? "/nonexistent/credentials" : "";
    }
    assert.deepEqual(order, ["environment", "file", "web", "container", "imds"]);
    // Each remote source was asked only once it was first in line.
    assert.equal(s.sts.requests.length, 1);
    assert.equal(s.container.requests.length, 1);
    assert.equal(s.imds.requests.length, 3);
  });

  test("a chosen profile skips the environment keys, as the SDK does", async (t) => {
    await everything(t);
    process.env.AWS_PROFILE = "default";
    assert.equal((await defaultCredentials()()).accessKeyId, KEYS.file);
    delete process.env.AWS_PROFILE;
    assert.equal((await defaultCredentials({ profile: "other" })()).accessKeyId, "AKIAOTHERPROFILE0001");
    // A profile someone named must exist: no fall-through to another identity.
    await assert.rejects(defaultCredentials({ profile: "missing" })(), (e) => e.code === "CREDENTIALS_UNAVAILABLE" && /no profile "missing"/.test(e.message));
  });

  test("a source set up but failing ends the search with its own error", async (t) => {
    const s = await everything(t);
    process.env.AWS_ACCESS_KEY_ID = "";
    process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/credentials";
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE = "";
    const refusing = await server(t, () => ({ status: 403 }));
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${refusing.url}/creds`;
    await assert.rejects(defaultCredentials()(), (e) => e.code === "HTTP_ERROR" && /container credential endpoint.*HTTP 403/.test(e.message));
    assert.equal(s.imds.requests.length, 0, "IMDS is not asked after a configured source failed");
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = "http://example.com/creds";
    await assert.rejects(defaultCredentials()(), (e) => e.code === "CREDENTIALS_UNAVAILABLE" && e.field === "AWS_CONTAINER_CREDENTIALS_FULL_URI");
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = "";
    process.env.AWS_SHARED_CREDENTIALS_FILE = tempFiles(t, { c: "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = x\n" })("c");
    await assert.rejects(defaultCredentials()(), (e) => e.code === "CREDENTIALS_UNAVAILABLE" && /fromIni/.test(e.message));
    assert.equal(s.imds.requests.length, 0);
  });

  test("nothing set up: one error listing what was tried and why each did not apply", async (t) => {
    withEnv(t, { ...NOTHING, AWS_EC2_METADATA_DISABLED: "true", AWS_ACCESS_KEY_ID: "AKIAHALFSET000000001" });
    await assert.rejects(defaultCredentials()(), (e) => {
      assert.ok(e instanceof RdsIamError);
      assert.equal(e.code, "CREDENTIALS_UNAVAILABLE");
      assert.equal(
        e.message,
        "CREDENTIALS_UNAVAILABLE: no AWS credentials found; tried " +
          "environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set in the environment; " +
          'shared files: no profile "default" in /nonexistent/credentials (missing) or /nonexistent/config (missing); ' +
          "web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set; " +
          "container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set; " +
          "instance metadata: disabled by AWS_EC2_METADATA_DISABLED",
      );
      return true;
    });
  });

  test("off EC2: IMDS's silence or refusal is the last entry of that list, with its code", async (t) => {
    const port = await closedPort();
    // The chosen profile exists but holds only a region: the search goes on.
    const config = tempFiles(t, { config: "[profile app]\nregion = eu-west-1\n" })("config");
    withEnv(t, { ...NOTHING, AWS_CONFIG_FILE: config, AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://127.0.0.1:${port}`, AWS_PROFILE: "app" });
    await assert.rejects(defaultCredentials()(), (e) => {
      assert.equal(e.code, "CREDENTIALS_UNAVAILABLE");
      assert.match(e.message, /tried environment: skipped because AWS_PROFILE is set; shared files: profile "app" in .* holds no credentials; /);
      assert.match(e.message, new RegExp(`; instance metadata \\(HTTP_ERROR\\): could not reach the instance metadata service \\(http://127\\.0\\.0\\.1:${port}\\) \\(ECONNREFUSED\\)$`));
      return true;
    });
    const silent = await server(t, () => "hang");
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = silent.url;
    const started = Date.now();
    await assert.rejects(defaultCredentials()(), (e) => e.code === "CREDENTIALS_UNAVAILABLE" && /instance metadata \(TIMEOUT\): no answer .* within 1000 ms/.test(e.message));
    assert.ok(Date.now() - started < 3000, "one IMDS timeout (1 s), not retried");
  });

  test("errors and printouts hold no secret", async (t) => {
    await everything(t);
    const identity = await defaultCredentials()();
    assertClean(assert, inspect(identity) + JSON.stringify(identity) + inspect(defaultCredentials()), [WEB_TOKEN], "printout");
    assert.equal(inspect(defaultCredentials()), 'CredentialProvider { source: "default chain" }');
    assert.throws(() => defaultCredentials({ profile: 3 }), (e) => e.code === "INVALID_INPUT" && e.field === "profile");
  });
});

describe("the Node default", () => {
  test("authTokenProvider and Signer without credentials use the chain; the identity is kept until near its expiration", async (t) => {
    const s = await everything(t);
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI"]) process.env[name] = "";
    process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/credentials";
    const c = manualClock(Date.now());
    serverNow = c.clock;
    t.after(() => (serverNow = () => Date.now()));
    const provider = authTokenProvider({ hostname: "db.example.com", port: 5432, username: "u", region: "us-east-1", clock: c.clock, cache: new TokenCache() });
    assert.equal(inspectToken(await provider()).accessKeyId, KEYS.imds);
    c.advance(20 * 60_000); // past the first token's usable end, well before the credentials' (1 h)
    await provider();
    assert.equal(provider.stats().signings, 2);
    assert.equal(provider.stats().credentialFetches, 1);
    assert.equal(s.imds.requests.length, 3, "one IMDS round for both tokens");
    c.advance(39.5 * 60_000); // the credentials now end within the margin: asked again
    await provider();
    assert.equal(s.imds.requests.length, 6);

    const signer = new Signer({ hostname: "db.example.com", port: 5432, username: "u", region: "us-east-1", cache: new TokenCache() });
    assert.equal(inspectToken(await signer.getAuthToken()).accessKeyId, KEYS.imds);
  });
});
