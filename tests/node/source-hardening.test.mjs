// Issue 13 against the Node credential sources: no redirect is ever
// followed (the request carries a token, the answer is credentials),
// timeouts cannot overflow Node's timer, STS character references must be
// XML characters, lone surrogates are refused, and files are read with a
// size cap and only when regular (a FIFO must not hang the chain).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { describe, test } from "node:test";

import { AKID, SECRET, SESSION, assertClean, cjs } from "./wrapper-support.mjs";
import { inAnHour, server, stsXml, tempFiles, withEnv } from "./source-support.mjs";

const { fromInstanceMetadata, fromContainer, fromWebIdentity, fromSharedFile, defaultCredentials, defaultRegion, RdsIamError } = cjs;

const isError = (code, pattern) => (e) => {
  assert.ok(e instanceof RdsIamError, String(e?.stack ?? e));
  assert.equal(e.code, code, e.message);
  if (pattern) assert.match(e.message, pattern);
  assertClean(assert, `${e.message}\n${e.stack}`);
  return true;
};
const ROLE = "arn:aws:iam::123456789012:role/app-role";
const WEB_TOKEN = "WEBIDENTITYMARKER.eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.sig";
const creds = () => JSON.stringify({ AccessKeyId: AKID, SecretAccessKey: SECRET, Token: SESSION, Expiration: inAnHour() });

describe("no redirect is followed", () => {
  for (const status of [301, 302, 307, 308]) {
    test(`container endpoint ${status}: HTTP_ERROR, not retried, the target never asked`, async (t) => {
      const target = await server(t, () => ({ body: creds() }));
      const s = await server(t, () => ({ status, headers: { location: `${target.url}/v1/credentials` } }));
      withEnv(t, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${s.url}/v1/credentials`, AWS_CONTAINER_AUTHORIZATION_TOKEN: "pod-token" });
      await assert.rejects(fromContainer()(), isError("HTTP_ERROR", new RegExp(`redirect \\(HTTP ${status}\\), which is never followed`)));
      assert.equal(s.requests.length, 1);
      assert.equal(target.requests.length, 0);
    });
  }

  test("IMDS: a redirect of the token PUT or the credentials read is HTTP_ERROR", async (t) => {
    const target = await server(t, () => ({ body: "x" }));
    const s = await server(t, () => ({ status: 307, headers: { location: target.url } }));
    withEnv(t, { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url });
    await assert.rejects(fromInstanceMetadata()(), isError("HTTP_ERROR", /redirect/));
    assert.equal(target.requests.length, 0);
  });

  test("STS: a 307 (which would re-send the web identity token) is HTTP_ERROR", async (t) => {
    const target = await server(t, () => ({ body: "x" }));
    const s = await server(t, () => ({ status: 307, headers: { location: target.url } }));
    const file = tempFiles(t, { token: WEB_TOKEN });
    withEnv(t, { AWS_ENDPOINT_URL_STS: s.url, AWS_WEB_IDENTITY_TOKEN_FILE: file("token"), AWS_ROLE_ARN: ROLE });
    await assert.rejects(fromWebIdentity()(), isError("HTTP_ERROR", /redirect/));
    assert.equal(s.requests.length, 1, "not retried");
    assert.equal(target.requests.length, 0);
  });
});

describe("no echo of what we sent", () => {
  test("STS: an error Code echoing part of the web identity token is not shown", async (t) => {
    const s = await server(t, () => ({ status: 400, body: `<ErrorResponse><Error><Code>IDENTITYMARKER</Code></Error></ErrorResponse>` }));
    const file = tempFiles(t, { token: WEB_TOKEN });
    withEnv(t, { AWS_ENDPOINT_URL_STS: s.url, AWS_WEB_IDENTITY_TOKEN_FILE: file("token"), AWS_ROLE_ARN: ROLE });
    await assert.rejects(fromWebIdentity()(), (e) => isError("HTTP_ERROR", /HTTP 400/)(e) && !e.message.includes("IDENTITYMARKER"));
  });

  test("IMDS: a Code echoing part of the session token is not shown", async (t) => {
    const session = "AQAEAHjW9rZQmSESSIONxyz";
    const s = await server(t, (req) => {
      if (req.url === "/latest/api/token") return { body: session };
      if (req.url === "/latest/meta-data/iam/security-credentials/") return { body: "role\n" };
      return { body: JSON.stringify({ Code: "SESSIONxyz" }) };
    });
    withEnv(t, { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url });
    await assert.rejects(fromInstanceMetadata()(), (e) => isError("PROVIDER_FAILED")(e) && !e.message.includes("SESSIONxyz"));
  });
});

describe("timeouts cannot overflow", () => {
  for (const [name, make] of [
    ["fromContainer", (o) => fromContainer(o)],
    ["fromInstanceMetadata", (o) => fromInstanceMetadata(o)],
    ["fromWebIdentity", (o) => fromWebIdentity(o)],
  ]) {
    test(`${name}: timeoutMs above 2^31-1 is INVALID_INPUT`, () => {
      for (const timeoutMs of [2 ** 31, 1e10, Number.MAX_SAFE_INTEGER]) {
        assert.throws(() => make({ timeoutMs }), (e) => e.code === "INVALID_INPUT" && e.field === "timeoutMs");
      }
      make({ timeoutMs: 2 ** 31 - 1 });
    });
  }
});

describe("STS answers", () => {
  const answer = (secret) => stsXml({ accessKeyId: AKID, secretAccessKey: secret, sessionToken: SESSION, expiration: inAnHour() });
  for (const [what, secret] of [
    ["a code point beyond U+10FFFF", "abc&#99999999;"],
    ["a hex code point beyond U+10FFFF", "abc&#x110000;"],
    ["a huge reference", `abc&#${"9".repeat(400)};`],
    ["a lone surrogate", "abc&#xD800;"],
    ["a low surrogate", "abc&#56320;"],
    ["NUL", "abc&#0;"],
    ["a control character", "abc&#x1;"],
  ]) {
    test(`${what}: PROVIDER_FAILED, not a RangeError or a silently changed secret`, async (t) => {
      const s = await server(t, () => ({ body: answer(secret), headers: { "content-type": "text/xml" } }));
      const file = tempFiles(t, { token: WEB_TOKEN });
      withEnv(t, { AWS_ENDPOINT_URL_STS: s.url, AWS_WEB_IDENTITY_TOKEN_FILE: file("token"), AWS_ROLE_ARN: ROLE });
      await assert.rejects(fromWebIdentity()(), isError("PROVIDER_FAILED"));
    });
  }

  test("valid references still decode (astral plane included)", async (t) => {
    const s = await server(t, () => ({ body: answer("a&#x1F600;b&#65;&amp;"), headers: { "content-type": "text/xml" } }));
    const file = tempFiles(t, { token: WEB_TOKEN });
    withEnv(t, { AWS_ENDPOINT_URL_STS: s.url, AWS_WEB_IDENTITY_TOKEN_FILE: file("token"), AWS_ROLE_ARN: ROLE });
    assert.equal((await fromWebIdentity()()).secretAccessKey, "a\u{1F600}bA&");
  });

  test("a container answer with a JSON lone-surrogate escape: PROVIDER_FAILED", async (t) => {
    const s = await server(t, () => ({ body: `{"AccessKeyId":"${AKID}","SecretAccessKey":"abc\\ud800","Token":"t","Expiration":"${inAnHour()}"}` }));
    withEnv(t, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${s.url}/v1/credentials` });
    await assert.rejects(fromContainer()(), isError("PROVIDER_FAILED", /well-formed/));
  });
});

describe("files: a size cap, regular files only", () => {
  const mkfifo = (path) => execFileSync("mkfifo", [path]);

  test("a FIFO as the credentials file: CREDENTIALS_UNAVAILABLE at once, the chain does not hang", async (t) => {
    const file = tempFiles(t);
    mkfifo(file("credentials"));
    withEnv(t, { AWS_SHARED_CREDENTIALS_FILE: file("credentials"), AWS_CONFIG_FILE: file("none"), AWS_PROFILE: "default" });
    await assert.rejects(fromSharedFile()(), isError("CREDENTIALS_UNAVAILABLE", /not a regular file/));
    await assert.rejects(defaultCredentials()(), isError("CREDENTIALS_UNAVAILABLE", /not a regular file/));
  });

  test("a FIFO as the config file: region resolution does not hang either", (t) => {
    const file = tempFiles(t);
    mkfifo(file("config"));
    withEnv(t, { AWS_CONFIG_FILE: file("config"), AWS_SHARED_CREDENTIALS_FILE: file("none") });
    assert.throws(() => defaultRegion(), (e) => e.code === "REGION_UNAVAILABLE");
  });

  test("a directory or a device is refused too", async (t) => {
    const file = tempFiles(t, { x: "" });
    for (const path of ["/dev/zero", file("")]) {
      withEnv(t, { AWS_SHARED_CREDENTIALS_FILE: path, AWS_CONFIG_FILE: file("none"), AWS_PROFILE: "default" });
      await assert.rejects(fromSharedFile()(), isError("CREDENTIALS_UNAVAILABLE"));
    }
  });

  test("a credentials file over the cap: CREDENTIALS_UNAVAILABLE naming the cap", async (t) => {
    const file = tempFiles(t, { credentials: `[default]\naws_access_key_id = ${AKID}\naws_secret_access_key = ${SECRET}\n` + "#".repeat(5 * 1024 * 1024) });
    withEnv(t, { AWS_SHARED_CREDENTIALS_FILE: file("credentials"), AWS_CONFIG_FILE: file("none") });
    await assert.rejects(fromSharedFile()(), isError("CREDENTIALS_UNAVAILABLE", /larger than \d+ bytes/));
  });

  test("a normal file is still read", async (t) => {
    const file = tempFiles(t, { credentials: `[default]\naws_access_key_id = ${AKID}\naws_secret_access_key = ${SECRET}\n` });
    withEnv(t, { AWS_SHARED_CREDENTIALS_FILE: file("credentials"), AWS_CONFIG_FILE: file("none") });
    assert.equal((await fromSharedFile()()).secretAccessKey, SECRET);
  });

  test("token files: a FIFO or an oversized web identity / container token file is refused", async (t) => {
    const file = tempFiles(t, { big: "x".repeat(2 * 1024 * 1024) });
    mkfifo(file("fifo"));
    for (const path of [file("fifo"), file("big")]) {
      withEnv(t, { AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9", AWS_WEB_IDENTITY_TOKEN_FILE: path, AWS_ROLE_ARN: ROLE });
      await assert.rejects(fromWebIdentity()(), isError("CREDENTIALS_UNAVAILABLE", /web identity token file/));
      withEnv(t, { AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1:9/", AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: path });
      await assert.rejects(fromContainer()(), isError("CREDENTIALS_UNAVAILABLE", /container authorization token file/));
    }
  });
});
