// fromSharedFile and the profile's region: the AWS shared config and
// credentials files as the SDKs read them (profiles, comments, whitespace,
// sub-key blocks, precedence between the two files), missing keys and
// files, and the profile kinds left to the AWS SDK.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { describe, test } from "node:test";

import { SECRET, SESSION, assertClean, cjs } from "./wrapper-support.mjs";
import { tempFiles, withEnv } from "./source-support.mjs";

const { fromSharedFile, authTokenProvider, defaultRegion, inspectToken, Signer, TokenCache, RdsIamError } = cjs;

const isError = (code, pattern) => (e) => {
  assert.ok(e instanceof RdsIamError, String(e));
  assert.equal(e.code, code, e.message);
  if (pattern) assert.match(e.message, pattern);
  assertClean(assert, `${e.message}\n${e.stack}`, [], "error");
  return true;
};

// CRLF lines, comments of both kinds (whole-line and after whitespace),
// odd spacing, a sub-key block, and a value holding # and ; without a space
// before them (part of the value, as in the SDKs).
const CREDENTIALS = [
  "# shared credentials",
  "[default]",
  "aws_access_key_id=AKIADEFAULT000000001",
  `aws_secret_access_key = ${SECRET}   ; the default keys`,
  "",
  "  [ dev ]  ",
  "aws_access_key_id   =   AKIADEV0000000000001",
  "aws_secret_access_key=dev#secret;part",
  `aws_session_token = ${SESSION}`,
  "; [commented]",
  "[half]",
  "aws_access_key_id = AKIAHALF000000000001",
  "[both-files]",
  "aws_secret_access_key = from-credentials-file",
  "region = us-gov-west-1",
  "[cred-region]",
  "region = af-south-1",
].join("\r\n");

const CONFIG = `
[default]
region = eu-west-3
s3 =
  max_concurrent_requests = 20
  aws_access_key_id = AKIANOTAKEY000000001
output = json

[profile dev]
region=ap-southeast-2

[profile both-files]
aws_access_key_id = AKIABOTHFILES0000001
aws_secret_access_key = from-config-file
region = sa-east-1

[profile config-only]
aws_access_key_id = AKIACONFIGONLY000001
aws_secret_access_key = config-only-secret

[config-bare-name]
aws_access_key_id = AKIAIGNORED000000001
aws_secret_access_key = ignored

[profile assume]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = default
aws_access_key_id = AKIAROLEWINS00000001
aws_secret_access_key = role-wins

[profile sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = ReadOnly

[profile legacy-sso]
sso_start_url = https://corp.awsapps.com/start

[profile process]
credential_process = /bin/sh -c "touch /tmp/rds-iam-edge-must-not-run"

[profile console]
login_session = arn:aws:iam::123456789012:user/me

[profile region-only]
region = us-west-2

[sso-session corp]
sso_region = us-east-1
`;

function files(t, extra = {}) {
  const path = tempFiles(t, { credentials: CREDENTIALS, config: CONFIG });
  withEnv(t, { AWS_SHARED_CREDENTIALS_FILE: path("credentials"), AWS_CONFIG_FILE: path("config"), ...extra });
  return path;
}

describe("fromSharedFile", () => {
  test("the default profile, with comments, CRLF and spacing as the SDKs read them", async (t) => {
    files(t);
    const identity = await fromSharedFile()();
    assert.equal(identity.accessKeyId, "AKIADEFAULT000000001");
    assert.equal(identity.secretAccessKey, SECRET);
    assert.equal(identity.sessionToken, undefined);
    assert.equal(identity.expiration, undefined);
    assertClean(assert, inspect(identity) + JSON.stringify(identity), [], "identity");
  });

  test("AWS_PROFILE picks a profile; the option beats it; values keep # and ; without a space before them", async (t) => {
    files(t, { AWS_PROFILE: "dev" });
    const dev = await fromSharedFile()();
    assert.equal(dev.accessKeyId, "AKIADEV0000000000001");
    assert.equal(dev.secretAccessKey, "dev#secret;part");
    assert.equal(dev.sessionToken, SESSION);
    assert.equal((await fromSharedFile({ profile: "default" })()).accessKeyId, "AKIADEFAULT000000001");
  });

  test("config-file profiles: [profile name]; bare names are not profiles there; the credentials file wins key by key", async (t) => {
    files(t);
    assert.equal((await fromSharedFile({ profile: "config-only" })()).accessKeyId, "AKIACONFIGONLY000001");
    const both = await fromSharedFile({ profile: "both-files" })();
    assert.equal(both.accessKeyId, "AKIABOTHFILES0000001");
    assert.equal(both.secretAccessKey, "from-credentials-file");
    await assert.rejects(fromSharedFile({ profile: "config-bare-name" })(), isError("CREDENTIALS_UNAVAILABLE", /no profile "config-bare-name"/));
  });

  test("a sub-key block (s3 = ...) is skipped, and the keys after it are read", async (t) => {
    const path = tempFiles(t, { config: "[default]\ns3 =\n  aws_access_key_id = AKIANOTAKEY000000001\n  aws_secret_access_key = nope\nregion = eu-west-1\n" });
    withEnv(t, { AWS_CONFIG_FILE: path("config"), AWS_SHARED_CREDENTIALS_FILE: path("none") });
    await assert.rejects(fromSharedFile()(), isError("CREDENTIALS_UNAVAILABLE", /holds no credentials/));
    assert.equal(defaultRegion(), "eu-west-1");
  });

  test("a missing key names the key", async (t) => {
    files(t);
    await assert.rejects(fromSharedFile({ profile: "half" })(), isError("CREDENTIALS_UNAVAILABLE", /has no aws_secret_access_key/));
  });

  test("profile kinds left to the SDK: a clear error naming its provider, and nothing run", async (t) => {
    files(t);
    const cases = [
      ["assume", /an assumed role \(role_arn\).*fromIni\(\{ profile: "assume" \}\) from @aws-sdk\/credential-providers/],
      ["sso", /IAM Identity Center \(sso_session\).*fromSSO\(\{ profile: "sso" \}\)/],
      ["legacy-sso", /sso_start_url.*fromSSO/],
      ["process", /credential_process.*fromProcess\(\{ profile: "process" \}\)/],
      ["console", /login_session.*fromNodeProviderChain/],
    ];
    for (const [profile, pattern] of cases) {
      await assert.rejects(fromSharedFile({ profile })(), isError("CREDENTIALS_UNAVAILABLE", pattern), profile);
    }
    const { existsSync } = await import("node:fs");
    assert.equal(existsSync("/tmp/rds-iam-edge-must-not-run"), false);
  });

  test("missing files and profiles", async (t) => {
    withEnv(t, { AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials", AWS_CONFIG_FILE: "/nonexistent/config" });
    await assert.rejects(fromSharedFile()(), isError("CREDENTIALS_UNAVAILABLE", /no profile "default" in \/nonexistent\/credentials \(missing\) or \/nonexistent\/config \(missing\)/));
    files(t);
    await assert.rejects(fromSharedFile({ profile: "nope" })(), isError("CREDENTIALS_UNAVAILABLE", /no profile "nope"/));
    await assert.rejects(fromSharedFile({ profile: "region-only" })(), isError("CREDENTIALS_UNAVAILABLE", /holds no credentials/));
  });

  test("~/ paths and the default location under HOME", async (t) => {
    const home = withEnv(t, { AWS_SHARED_CREDENTIALS_FILE: "~/elsewhere/creds" });
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(`${home}/elsewhere`);
    writeFileSync(`${home}/elsewhere/creds`, "[default]\naws_access_key_id = AKIAHOMEFILE00000001\naws_secret_access_key = s\n");
    assert.equal((await fromSharedFile()()).accessKeyId, "AKIAHOMEFILE00000001");
    delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    mkdirSync(`${home}/.aws`);
    writeFileSync(`${home}/.aws/credentials`, "[default]\naws_access_key_id = AKIADOTAWS0000000001\naws_secret_access_key = s\n");
    assert.equal((await fromSharedFile()()).accessKeyId, "AKIADOTAWS0000000001");
    assert.equal((await fromSharedFile({ filepath: `${home}/elsewhere/creds` })()).accessKeyId, "AKIAHOMEFILE00000001");
  });

  test("a runtime without process.getBuiltinModule (Node < 20.16): a typed error, not a TypeError", async (t) => {
    const tmp = files(t);
    const original = process.getBuiltinModule;
    t.after(() => (process.getBuiltinModule = original));
    process.getBuiltinModule = undefined;
    await assert.rejects(fromSharedFile({ filepath: tmp("credentials") })(), isError("CREDENTIALS_UNAVAILABLE", /node:fs .*Node\.js 20\.16/));
    process.getBuiltinModule = original;
    assert.equal((await fromSharedFile({ filepath: tmp("credentials") })()).accessKeyId, "AKIADEFAULT000000001");
  });

  test("options are checked", () => {
    assert.throws(() => fromSharedFile({ profile: "" }), isError("INVALID_INPUT"));
    assert.throws(() => fromSharedFile({ profiles: "dev" }), isError("INVALID_INPUT"));
    assert.equal(inspect(fromSharedFile()), 'CredentialProvider { source: "shared files" }');
  });
});

describe("the profile's region", () => {
  test("after AWS_REGION and AWS_DEFAULT_REGION: the config file's, then the credentials file's", async (t) => {
    files(t);
    const provider = (extra = {}) => authTokenProvider({ hostname: "db.example.com", port: 5432, username: "u", credentials: { accessKeyId: "AKIDREGION", secretAccessKey: "x" }, cache: new TokenCache(), ...extra });
    assert.equal(inspectToken(await provider()()).region, "eu-west-3");
    process.env.AWS_PROFILE = "dev";
    assert.equal(inspectToken(await provider()()).region, "ap-southeast-2");
    assert.equal(defaultRegion({ profile: "both-files" }), "sa-east-1", "the config file's region wins");
    assert.equal(defaultRegion({ profile: "cred-region" }), "af-south-1");
    process.env.AWS_DEFAULT_REGION = "ca-central-1";
    assert.equal(inspectToken(await provider()()).region, "ca-central-1");
    process.env.AWS_REGION = "us-east-2";
    assert.equal(defaultRegion(), "us-east-2");
    assert.equal(inspectToken(await provider({ region: "me-south-1" })()).region, "me-south-1");
  });

  test("no region anywhere: REGION_UNAVAILABLE pointing at the profile too", async (t) => {
    withEnv(t, { AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials", AWS_CONFIG_FILE: "/nonexistent/config" });
    assert.throws(() => defaultRegion(), (e) => e.code === "REGION_UNAVAILABLE" && e.field === "region" && /shared config profile/.test(e.message));
  });

  test("Signer({ profile }): the profile's credentials and region, as the SDK's Signer", async (t) => {
    files(t);
    const signer = new Signer({ hostname: "db.example.com", port: 5432, username: "u", profile: "dev", cache: new TokenCache() });
    const info = inspectToken(await signer.getAuthToken());
    assert.equal(info.accessKeyId, "AKIADEV0000000000001");
    assert.equal(info.region, "ap-southeast-2");
    assert.equal(info.hasSessionToken, true);
    const explicit = new Signer({ hostname: "db.example.com", port: 5432, username: "u", profile: "dev", region: "us-west-1", credentials: { accessKeyId: "AKIDEXPLICIT", secretAccessKey: "x" }, cache: new TokenCache() });
    const other = inspectToken(await explicit.getAuthToken());
    assert.equal(other.accessKeyId, "AKIDEXPLICIT");
    assert.equal(other.region, "us-west-1");
    await assert.rejects(new Signer({ hostname: "h", port: 1, username: "u", region: "us-east-1", profile: "assume", cache: new TokenCache() }).getAuthToken(), isError("CREDENTIALS_UNAVAILABLE", /fromIni/));
  });
});
