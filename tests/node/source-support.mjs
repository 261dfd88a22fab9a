// Shared by the credential-source tests (not a test file itself): local
// node:http servers standing in for IMDS, the container endpoint and STS,
// a scoped environment, and temporary files.
import http from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Every variable any source or the region resolution reads; tests start with none of them set. */
export const AWS_VARS = [
  "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
  "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_REGION", "AWS_DEFAULT_REGION",
  "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  "AWS_EC2_METADATA_DISABLED", "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
  "HOME",
];

/**
 * Runs the test with exactly `vars` among AWS_VARS (HOME points at an empty
 * directory unless given, so no real ~/.aws is read); restores them after.
 */
export function withEnv(t, vars = {}) {
  const saved = Object.fromEntries(AWS_VARS.map((k) => [k, process.env[k]]));
  const home = mkdtempSync(join(tmpdir(), "rds-iam-edge-home-"));
  t.after(() => {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
    rmSync(home, { recursive: true, force: true });
  });
  for (const k of AWS_VARS) delete process.env[k];
  Object.assign(process.env, { HOME: home }, vars);
  return home;
}

/** A temporary directory with `files` ({ name: text }) written in it; returns path(name). */
export function tempFiles(t, files = {}) {
  const dir = mkdtempSync(join(tmpdir(), "rds-iam-edge-files-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return (name) => join(dir, name);
}

/**
 * A local HTTP server; `handle(request, body, n)` answers each request
 * (`n` counts from 1) by returning { status, headers, body }, or
 * "hang" to never answer. Every request is recorded.
 */
export async function server(t, handle) {
  const requests = [];
  const hanging = new Set();
  const s = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      const record = { method: req.method, url: req.url, headers: req.headers, body };
      requests.push(record);
      const answer = await handle(record, requests.length);
      if (answer === "hang") {
        hanging.add(res);
        return;
      }
      res.writeHead(answer.status ?? 200, answer.headers ?? {});
      res.end(answer.body ?? "");
    });
  });
  await new Promise((resolve) => s.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${s.address().port}`;
  t.after(async () => {
    for (const res of hanging) res.destroy();
    s.closeAllConnections?.();
    await new Promise((resolve) => s.close(resolve));
  });
  return { url, requests, port: s.address().port };
}

/** A port nothing listens on (bound, then closed). */
export async function closedPort() {
  const s = http.createServer();
  await new Promise((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

export const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();
export const anHourAgo = () => new Date(Date.now() - 3600_000).toISOString();

/** STS's answer to AssumeRoleWithWebIdentity, shaped as AWS documents it. */
export function stsXml({ accessKeyId, secretAccessKey, sessionToken, expiration }) {
  return `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>system:serviceaccount:app:api</SubjectFromWebIdentityToken>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/app-role/session</Arn>
      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:session</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>${sessionToken}</SessionToken>
      <SecretAccessKey>${secretAccessKey}</SecretAccessKey>
      <Expiration>${expiration}</Expiration>
      <AccessKeyId>${accessKeyId}</AccessKeyId>
    </Credentials>
    <Provider>oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`;
}

/** STS's error answer. */
export function stsError(code) {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>${code}</Code><Message>details that may quote the request</Message></Error>
  <RequestId>c3f6e9a1-EXAMPLE</RequestId>
</ErrorResponse>`;
}
