// The HTTP credential sources against local servers that implement each
// endpoint's contract: IMDSv2 (session token PUT, token header on reads),
// the ECS / EKS Pod Identity container endpoint (Authorization header, JSON)
// and STS AssumeRoleWithWebIdentity (form POST, XML). Every failure is a
// typed RdsIamError whose text holds no secret, token or body.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { inspect } from "node:util";
import { describe, test } from "node:test";

import { AKID, SECRET, SESSION, assertClean, cjs } from "./wrapper-support.mjs";
import { anHourAgo, closedPort, inAnHour, server, stsError, stsXml, tempFiles, withEnv } from "./source-support.mjs";

const { fromInstanceMetadata, fromContainer, fromWebIdentity, RdsIamError } = cjs;

const IMDS_SESSION = "IMDSSESSIONMARKER-AQAEAHjW9r0ZQm_session_token==";
const POD_TOKEN = "PODIDENTITYMARKER.eyJhbGciOiJSUzI1NiJ9.payload.sig";
const WEB_TOKEN = "WEBIDENTITYMARKER.eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.sig";
const MARKERS = [IMDS_SESSION, POD_TOKEN, WEB_TOKEN];

/** Checks a rejection is our error with `code`, and that nothing secret is in any of its faces. */
function isError(code, field) {
  return (e) => {
    assert.ok(e instanceof RdsIamError, `not an RdsIamError: ${e}`);
    assert.equal(e.code, code, e.message);
    if (field !== undefined) assert.equal(e.field, field);
    assertClean(assert, `${e.message}\n${e.stack}\n${inspect(e)}`, MARKERS, "error");
    return true;
  };
}

const creds = (extra = {}) => ({ AccessKeyId: AKID, SecretAccessKey: SECRET, Token: SESSION, Expiration: inAnHour(), ...extra });

function assertIdentity(identity, { session = true } = {}) {
  assert.equal(identity.accessKeyId, AKID);
  assert.equal(identity.secretAccessKey, SECRET);
  assert.equal(identity.sessionToken, session ? SESSION : undefined);
  assert.ok(identity.expiration instanceof Date && identity.expiration > Date.now());
  assertClean(assert, inspect(identity) + JSON.stringify(identity), MARKERS, "identity");
}

// ---------------------------------------------------------------- IMDSv2

/** IMDS as AWS documents it; `override(request, n)` may answer first. */
async function imds(t, { role = "app-role", body = () => JSON.stringify({ Code: "Success", LastUpdated: new Date().toISOString(), Type: "AWS-HMAC", ...creds() }), override } = {}) {
  return server(t, async (req, n) => {
    const early = override?.(req, n);
    if (early) return early;
    if (req.url === "/latest/api/token") {
      if (req.method !== "PUT") return { status: 405 };
      const ttl = Number(req.headers["x-aws-ec2-metadata-token-ttl-seconds"]);
      if (!(ttl >= 1 && ttl <= 21600)) return { status: 400 };
      return { status: 200, body: IMDS_SESSION };
    }
    if (req.headers["x-aws-ec2-metadata-token"] !== IMDS_SESSION) return { status: 401 };
    if (req.url === "/latest/meta-data/iam/security-credentials/") return role ? { body: `${role}\n` } : { status: 404 };
    if (req.url === `/latest/meta-data/iam/security-credentials/${role}`) return { body: body(), headers: { "content-type": "text/plain" } };
    return { status: 404 };
  });
}

describe("fromInstanceMetadata (IMDSv2)", () => {
  test("session token, then role name, then the role's credentials, each read carrying the token", async (t) => {
    const s = await imds(t);
    withEnv(t, { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url });
    assertIdentity(await fromInstanceMetadata()());
    assert.deepEqual(s.requests.map((r) => `${r.method} ${r.url}`), [
      "PUT /latest/api/token",
      "GET /latest/meta-data/iam/security-credentials/",
      "GET /latest/meta-data/iam/security-credentials/app-role",
    ]);
    assert.equal(s.requests[0].headers["x-aws-ec2-metadata-token-ttl-seconds"], "21600");
    assert.ok(s.requests.slice(1).every((r) => r.headers["x-aws-ec2-metadata-token"] === IMDS_SESSION));
  });

  test("a server error, then success: retried", async (t) => {
    const s = await imds(t, { override: (req, n) => (n === 3 ? { status: 503 } : undefined) });
    withEnv(t, { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url });
    assertIdentity(await fromInstanceMetadata()());
    assert.equal(s.requests.length, 4);
  });

  test("server errors that persist: HTTP_ERROR after maxAttempts", async (t) => {
    const s = await imds(t, { override: (req) => (req.method === "GET" ? { status: 500 } : undefined) });
    withEnv(t, { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url });
    await assert.rejects(fromInstanceMetadata({ maxAttempts: 2 })(), isError("HTTP_ERROR"));
    assert.equal(s.requests.length, 3); // the PUT and two tries of the role name
  });

  test("no answer: TIMEOUT, not retried (no answer means no IMDS here)", async (t) => {
    const s = await imds(t, { override: () => "hang" });
    withEnv(t, { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url });
    const started = Date.now();
    await assert.rejects(fromInstanceMetadata({ timeoutMs: 150 })(), (e) => isError("TIMEOUT")(e) && /150 ms/.test(e.message) && /hop limit/.test(e.message));
    assert.ok(Date.now() - started < 1000);
    assert.equal(s.requests.length, 1);
  });

  test("nothing listening: HTTP_ERROR naming the endpoint", async (t) => {
    const port = await closedPort();
    withEnv(t, { AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://127.0.0.1:${port}` });
    await assert.rejects(fromInstanceMetadata()(), (e) => isError("HTTP_ERROR")(e) && e.message.includes(`127.0.0.1:${port}`) && /ECONNREFUSED/.test(e.message));
  });

  test("the token PUT refused: HTTP_ERROR, and no IMDSv1 read without a token", async (t) => {
    const s = await imds(t, { override: (req) => (req.method === "PUT" ? { status: 403 } : undefined) });
    withEnv(t, { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url });
    await assert.rejects(fromInstanceMetadata()(), (e) => isError("HTTP_ERROR")(e) && /HTTP 403/.test(e.message));
    assert.equal(s.requests.length, 1);
  });

  test("malformed credentials: PROVIDER_FAILED without the body", async (t) => {
    const s = await imds(t, { body: () => `{"AccessKeyId": "${AKID}", "SecretAccessKey": "${SECRET}", "Token": ` });
    withEnv(t, { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url });
    await assert.rejects(fromInstanceMetadata()(), isError("PROVIDER_FAILED"));
    const noKeys = await imds(t, { body: () => JSON.stringify({ Code: "Success", Token: SESSION }) });
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = noKeys.url;
    await assert.rejects(fromInstanceMetadata()(), isError("PROVIDER_FAILED"));
    const notSuccess = await imds(t, { body: () => JSON.stringify({ Code: "AssumeRoleUnauthorizedAccess", ...creds() }) });
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = notSuccess.url;
    await assert.rejects(fromInstanceMetadata()(), (e) => isError("PROVIDER_FAILED")(e) && /AssumeRoleUnauthorizedAccess/.test(e.message));
    const badTime = await imds(t, { body: () => JSON.stringify({ Code: "Success", ...creds({ Expiration: "next tuesday" }) }) });
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = badTime.url;
    await assert.rejects(fromInstanceMetadata()(), isError("PROVIDER_FAILED"));
    const huge = await imds(t, { body: () => " ".repeat(300 * 1024) });
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = huge.url;
    await assert.rejects(fromInstanceMetadata()(), (e) => isError("PROVIDER_FAILED")(e) && /more than/.test(e.message));
    const badSession = await imds(t, { override: (req) => (req.method === "PUT" ? { body: "abc\r\nX-Injected: 1" } : undefined) });
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = badSession.url;
    await assert.rejects(fromInstanceMetadata()(), isError("PROVIDER_FAILED"));
    assert.equal(badSession.requests.length, 1);
  });

  test("expired credentials: CREDENTIALS_EXPIRED", async (t) => {
    const s = await imds(t, { body: () => JSON.stringify({ Code: "Success", ...creds({ Expiration: anHourAgo() }) }) });
    withEnv(t, { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url });
    await assert.rejects(fromInstanceMetadata()(), isError("CREDENTIALS_EXPIRED"));
  });

  test("no role attached: CREDENTIALS_UNAVAILABLE", async (t) => {
    const s = await imds(t, { role: "" });
    withEnv(t, { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url });
    await assert.rejects(fromInstanceMetadata()(), (e) => isError("CREDENTIALS_UNAVAILABLE")(e) && /no IAM role/.test(e.message));
  });

  test("AWS_EC2_METADATA_DISABLED: CREDENTIALS_UNAVAILABLE without a request; \"false\" keeps it on", async (t) => {
    const s = await imds(t);
    withEnv(t, { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url, AWS_EC2_METADATA_DISABLED: "true" });
    await assert.rejects(fromInstanceMetadata()(), (e) => isError("CREDENTIALS_UNAVAILABLE")(e) && /AWS_EC2_METADATA_DISABLED/.test(e.message));
    assert.equal(s.requests.length, 0);
    process.env.AWS_EC2_METADATA_DISABLED = "FALSE";
    assertIdentity(await fromInstanceMetadata()());
  });

  test("endpoint settings are checked; options too", async (t) => {
    withEnv(t, { AWS_EC2_METADATA_SERVICE_ENDPOINT: "169.254.169.254" });
    await assert.rejects(fromInstanceMetadata()(), isError("CREDENTIALS_UNAVAILABLE", "AWS_EC2_METADATA_SERVICE_ENDPOINT"));
    delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE = "IPv5";
    await assert.rejects(fromInstanceMetadata()(), isError("CREDENTIALS_UNAVAILABLE", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"));
    assert.throws(() => fromInstanceMetadata({ timeoutMs: 0 }), isError("INVALID_INPUT", "timeoutMs"));
    assert.throws(() => fromInstanceMetadata({ maxAttempts: 1.5 }), isError("INVALID_INPUT", "maxAttempts"));
    assert.throws(() => fromInstanceMetadata({ timeout: 5 }), isError("INVALID_INPUT", "timeout"));
  });
});

// ---------------------------------------------------------------- container

/** The container endpoint; answers only requests carrying `token` (when given) on `path`. */
async function container(t, { token, path = "/v1/credentials", body = () => JSON.stringify({ ...creds(), RoleArn: "arn:aws:iam::123456789012:role/app", AccountId: "123456789012" }), override } = {}) {
  return server(t, async (req, n) => {
    const early = override?.(req, n);
    if (early) return early;
    if (req.method !== "GET" || req.url !== path) return { status: 404 };
    if (token !== undefined && req.headers.authorization !== token) return { status: 401, body: '{"Code":"AccessDenied","Message":"bad token"}' };
    return { body: body(), headers: { "content-type": "application/json" } };
  });
}

describe("fromContainer (ECS, EKS Pod Identity)", () => {
  test("full URI with the token file: Authorization header, JSON credentials", async (t) => {
    const s = await container(t, { token: POD_TOKEN });
    const file = tempFiles(t, { token: `${POD_TOKEN}\n` });
    withEnv(t, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${s.url}/v1/credentials`, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: file("token") });
    assertIdentity(await fromContainer()());
    assert.equal(s.requests[0].headers.authorization, POD_TOKEN);
  });

  test("the token variable when there is no file; the file wins over it, re-read on every call", async (t) => {
    const s = await container(t, { token: POD_TOKEN });
    const file = tempFiles(t, { token: "stale-token" });
    withEnv(t, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${s.url}/v1/credentials`, AWS_CONTAINER_AUTHORIZATION_TOKEN: POD_TOKEN });
    assertIdentity(await fromContainer()());
    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE = file("token");
    await assert.rejects(fromContainer()(), (e) => isError("HTTP_ERROR")(e) && /HTTP 401/.test(e.message));
    assert.equal(s.requests.at(-1).headers.authorization, "stale-token");
    writeFileSync(file("token"), POD_TOKEN);
    assertIdentity(await fromContainer()());
  });

  test("a server error, then success: retried; a client error is not", async (t) => {
    const s = await container(t, { override: (req, n) => (n === 1 ? { status: 502 } : undefined) });
    withEnv(t, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${s.url}/v1/credentials` });
    assertIdentity(await fromContainer()());
    assert.equal(s.requests.length, 2);
    const refused = await container(t, { override: () => ({ status: 403, body: `{"Code":"AccessDenied","Message":"${SECRET}"}` }) });
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${refused.url}/v1/credentials`;
    await assert.rejects(fromContainer()(), (e) => isError("HTTP_ERROR")(e) && !e.message.includes(SECRET));
    assert.equal(refused.requests.length, 1);
  });

  test("no answer: TIMEOUT after maxAttempts tries", async (t) => {
    const s = await container(t, { override: () => "hang" });
    withEnv(t, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${s.url}/v1/credentials` });
    await assert.rejects(fromContainer({ timeoutMs: 100, maxAttempts: 2 })(), isError("TIMEOUT"));
    assert.equal(s.requests.length, 2);
  });

  test("malformed or expired answers", async (t) => {
    const s = await container(t, { body: () => "<html>gateway</html>" });
    withEnv(t, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${s.url}/v1/credentials` });
    await assert.rejects(fromContainer()(), isError("PROVIDER_FAILED"));
    const expired = await container(t, { body: () => JSON.stringify(creds({ Expiration: anHourAgo() })) });
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${expired.url}/v1/credentials`;
    await assert.rejects(fromContainer()(), isError("CREDENTIALS_EXPIRED"));
  });

  test("plain-HTTP full URIs only for loopback and the container agents' hosts; any HTTPS", async (t) => {
    withEnv(t);
    const refused = ["http://example.com/creds", "http://169.254.170.2.nip.io/", "http://127.0.0.1.example.com/", "http://10.0.0.1/", "http://[fd00:ec2::24]/", "ftp://127.0.0.1/"];
    for (const uri of refused) {
      process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = uri;
      await assert.rejects(fromContainer()(), isError("CREDENTIALS_UNAVAILABLE", "AWS_CONTAINER_CREDENTIALS_FULL_URI"), uri);
    }
    // Allowed hosts pass the check and fail only at the network (nothing answers here).
    const port = await closedPort();
    const allowed = [`http://127.0.0.1:${port}/`, `http://127.9.8.7:${port}/`, `http://localhost:${port}/`, `http://[::1]:${port}/`,
      "http://169.254.170.2:9/", "http://169.254.170.23:9/", "http://[fd00:ec2::23]:9/", "http://[fd00:ec2:0::23]:9/", `https://127.0.0.1:${port}/`];
    for (const uri of allowed) {
      process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = uri;
      await assert.rejects(fromContainer({ timeoutMs: 100, maxAttempts: 1 })(), (e) => e instanceof RdsIamError && ["HTTP_ERROR", "TIMEOUT"].includes(e.code), uri);
    }
  });

  test("the relative URI wins and goes to 169.254.170.2, never printing its path", async (t) => {
    const s = await container(t);
    withEnv(t, { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/2d6b2b1f-SECRETPATH", AWS_CONTAINER_CREDENTIALS_FULL_URI: `${s.url}/v1/credentials` });
    await assert.rejects(fromContainer({ timeoutMs: 100, maxAttempts: 1 })(), (e) => {
      assert.ok(["HTTP_ERROR", "TIMEOUT"].includes(e.code));
      assert.match(e.message, /http:\/\/169\.254\.170\.2\b/);
      assert.ok(!e.message.includes("SECRETPATH"));
      return true;
    });
    assert.equal(s.requests.length, 0);
    process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI = "v2/credentials";
    await assert.rejects(fromContainer()(), isError("CREDENTIALS_UNAVAILABLE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"));
  });

  test("token problems: a missing file, a line break (never echoed)", async (t) => {
    const s = await container(t);
    withEnv(t, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${s.url}/v1/credentials`, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: "/nonexistent/token" });
    await assert.rejects(fromContainer()(), (e) => isError("CREDENTIALS_UNAVAILABLE")(e) && /ENOENT/.test(e.message));
    delete process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = `${POD_TOKEN}\r\nX-Injected: 1`;
    await assert.rejects(fromContainer()(), isError("CREDENTIALS_UNAVAILABLE"));
    assert.equal(s.requests.length, 0);
  });

  test("neither variable: CREDENTIALS_UNAVAILABLE", async (t) => {
    withEnv(t);
    await assert.rejects(fromContainer()(), (e) => isError("CREDENTIALS_UNAVAILABLE")(e) && /AWS_CONTAINER_CREDENTIALS_FULL_URI/.test(e.message));
  });
});

// ---------------------------------------------------------------- STS web identity

/** STS: checks the form and the token, answers XML. */
async function sts(t, { override, expiration = inAnHour } = {}) {
  return server(t, async (req, n) => {
    const early = override?.(req, n);
    if (early) return early;
    const form = new URLSearchParams(req.body);
    if (req.method !== "POST" || form.get("Action") !== "AssumeRoleWithWebIdentity" || form.get("Version") !== "2011-06-15") {
      return { status: 400, body: stsError("InvalidAction") };
    }
    if (form.get("WebIdentityToken") !== WEB_TOKEN) return { status: 400, body: stsError("InvalidIdentityToken") };
    if (!form.get("RoleArn") || !form.get("RoleSessionName")) return { status: 400, body: stsError("MissingParameter") };
    return { body: stsXml({ accessKeyId: AKID, secretAccessKey: SECRET, sessionToken: SESSION, expiration: expiration() }), headers: { "content-type": "text/xml" } };
  });
}

const ROLE = "arn:aws:iam::123456789012:role/app-role";

describe("fromWebIdentity (STS AssumeRoleWithWebIdentity)", () => {
  test("the token file, role and session name go to STS as a form; the XML answer is the identity", async (t) => {
    const s = await sts(t);
    const file = tempFiles(t, { token: `${WEB_TOKEN}\n` });
    withEnv(t, { AWS_ENDPOINT_URL_STS: s.url, AWS_WEB_IDENTITY_TOKEN_FILE: file("token"), AWS_ROLE_ARN: ROLE, AWS_ROLE_SESSION_NAME: "api-pod" });
    assertIdentity(await fromWebIdentity()());
    const form = new URLSearchParams(s.requests[0].body);
    assert.equal(form.get("RoleArn"), ROLE);
    assert.equal(form.get("RoleSessionName"), "api-pod");
    assert.equal(form.get("DurationSeconds"), null);
    assert.match(s.requests[0].headers["content-type"], /^application\/x-www-form-urlencoded/);
    delete process.env.AWS_ROLE_SESSION_NAME;
    await fromWebIdentity({ durationSeconds: 900 })();
    const second = new URLSearchParams(s.requests[1].body);
    assert.match(second.get("RoleSessionName"), /^rds-iam-edge-\d+$/);
    assert.equal(second.get("DurationSeconds"), "900");
  });

  test("options override the variables", async (t) => {
    const s = await sts(t);
    const file = tempFiles(t, { token: WEB_TOKEN });
    withEnv(t, { AWS_ENDPOINT_URL: s.url }); // the all-services endpoint also counts
    assertIdentity(await fromWebIdentity({ webIdentityTokenFile: file("token"), roleArn: ROLE, roleSessionName: "opt" })());
    assert.equal(new URLSearchParams(s.requests[0].body).get("RoleSessionName"), "opt");
  });

  test("server errors and IDPCommunicationError are retried; InvalidIdentityToken is not", async (t) => {
    const s = await sts(t, { override: (req, n) => (n === 1 ? { status: 503 } : n === 2 ? { status: 400, body: stsError("IDPCommunicationError") } : undefined) });
    const file = tempFiles(t, { token: WEB_TOKEN, wrong: "another.jwt.token" });
    withEnv(t, { AWS_ENDPOINT_URL_STS: s.url, AWS_WEB_IDENTITY_TOKEN_FILE: file("token"), AWS_ROLE_ARN: ROLE });
    assertIdentity(await fromWebIdentity()());
    assert.equal(s.requests.length, 3);
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE = file("wrong");
    await assert.rejects(fromWebIdentity()(), (e) => isError("HTTP_ERROR")(e) && /HTTP 400 InvalidIdentityToken/.test(e.message) && !e.message.includes("another.jwt"));
    assert.equal(s.requests.length, 4);
  });

  test("timeouts are retried, then TIMEOUT", async (t) => {
    const s = await sts(t, { override: () => "hang" });
    const file = tempFiles(t, { token: WEB_TOKEN });
    withEnv(t, { AWS_ENDPOINT_URL_STS: s.url, AWS_WEB_IDENTITY_TOKEN_FILE: file("token"), AWS_ROLE_ARN: ROLE });
    await assert.rejects(fromWebIdentity({ timeoutMs: 100, maxAttempts: 2 })(), isError("TIMEOUT"));
    assert.equal(s.requests.length, 2);
  });

  test("malformed XML, missing credentials, expired credentials", async (t) => {
    const file = tempFiles(t, { token: WEB_TOKEN });
    withEnv(t, { AWS_WEB_IDENTITY_TOKEN_FILE: file("token"), AWS_ROLE_ARN: ROLE });
    const garbled = await sts(t, { override: () => ({ body: `<AssumeRoleWithWebIdentityResponse><Credentials><AccessKeyId>${AKID}` }) });
    process.env.AWS_ENDPOINT_URL_STS = garbled.url;
    await assert.rejects(fromWebIdentity()(), isError("PROVIDER_FAILED"));
    const empty = await sts(t, { override: () => ({ body: "<AssumeRoleWithWebIdentityResponse><Credentials></Credentials></AssumeRoleWithWebIdentityResponse>" }) });
    process.env.AWS_ENDPOINT_URL_STS = empty.url;
    await assert.rejects(fromWebIdentity()(), isError("PROVIDER_FAILED"));
    const expired = await sts(t, { expiration: anHourAgo });
    process.env.AWS_ENDPOINT_URL_STS = expired.url;
    await assert.rejects(fromWebIdentity()(), isError("CREDENTIALS_EXPIRED"));
  });

  test("XML entities in the answer are decoded", async (t) => {
    const s = await sts(t, { override: () => ({ body: stsXml({ accessKeyId: AKID, secretAccessKey: "a&amp;b&#x2B;c&#47;d", sessionToken: "tok&lt;1&gt;", expiration: inAnHour() }) }) });
    const file = tempFiles(t, { token: WEB_TOKEN });
    withEnv(t, { AWS_ENDPOINT_URL_STS: s.url, AWS_WEB_IDENTITY_TOKEN_FILE: file("token"), AWS_ROLE_ARN: ROLE });
    const identity = await fromWebIdentity()();
    assert.equal(identity.secretAccessKey, "a&b+c/d");
    assert.equal(identity.sessionToken, "tok<1>");
  });

  test("missing configuration or token file: CREDENTIALS_UNAVAILABLE", async (t) => {
    withEnv(t);
    await assert.rejects(fromWebIdentity()(), (e) => isError("CREDENTIALS_UNAVAILABLE")(e) && /AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN/.test(e.message));
    process.env.AWS_ROLE_ARN = ROLE;
    await assert.rejects(fromWebIdentity()(), (e) => isError("CREDENTIALS_UNAVAILABLE")(e) && /AWS_WEB_IDENTITY_TOKEN_FILE is not set/.test(e.message));
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE = "/nonexistent/token";
    await assert.rejects(fromWebIdentity()(), (e) => isError("CREDENTIALS_UNAVAILABLE")(e) && /ENOENT/.test(e.message));
    const file = tempFiles(t, { empty: "\n" });
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE = file("empty");
    await assert.rejects(fromWebIdentity()(), (e) => isError("CREDENTIALS_UNAVAILABLE")(e) && /empty/.test(e.message));
    process.env.AWS_ENDPOINT_URL_STS = "sts.local";
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE = tempFiles(t, { token: WEB_TOKEN })("token");
    await assert.rejects(fromWebIdentity()(), isError("CREDENTIALS_UNAVAILABLE", "AWS_ENDPOINT_URL_STS"));
  });

  test("regional endpoints: the region's STS (China's suffix too), from options, AWS_REGION or the profile", async (t) => {
    const file = tempFiles(t, { token: WEB_TOKEN });
    withEnv(t, { AWS_WEB_IDENTITY_TOKEN_FILE: file("token"), AWS_ROLE_ARN: ROLE });
    // Made-up regions: their names do not resolve, so nothing leaves this machine.
    const tries = [
      [{ region: "xx-nowhere-1" }, "https://sts.xx-nowhere-1.amazonaws.com"],
      [{ region: "cn-nowhere-1" }, "https://sts.cn-nowhere-1.amazonaws.com.cn"],
    ];
    for (const [options, origin] of tries) {
      await assert.rejects(fromWebIdentity({ ...options, timeoutMs: 2000, maxAttempts: 1 })(), (e) => {
        assert.ok(["HTTP_ERROR", "TIMEOUT"].includes(e.code), e.message);
        assert.ok(e.message.includes(`(${origin})`), e.message);
        return true;
      });
    }
    process.env.AWS_CONFIG_FILE = tempFiles(t, { config: "[default]\nregion = xx-nowhere-3\n" })("config");
    await assert.rejects(fromWebIdentity({ timeoutMs: 2000, maxAttempts: 1 })(), (e) => e.message.includes("https://sts.xx-nowhere-3.amazonaws.com"));
    process.env.AWS_REGION = "xx-nowhere-2";
    await assert.rejects(fromWebIdentity({ timeoutMs: 2000, maxAttempts: 1 })(), (e) => e.message.includes("https://sts.xx-nowhere-2.amazonaws.com"));
    await assert.rejects(fromWebIdentity({ region: "EU WEST" })(), isError("INVALID_REGION", "region"));
  });
});

test("providers print as their source only", () => {
  for (const [make, source] of [[fromInstanceMetadata, "instance metadata"], [fromContainer, "container"], [fromWebIdentity, "web identity"]]) {
    assert.equal(inspect(make()), `CredentialProvider { source: "${source}" }`);
  }
});
