// fromWebIdentity: EKS IRSA and other OIDC federation. The token file
// (AWS_WEB_IDENTITY_TOKEN_FILE, re-read on every call: EKS rotates it) is
// exchanged for role credentials through STS AssumeRoleWithWebIdentity, an
// unsigned Query API call answered in XML.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html

import { RdsIamError } from "../errors.js";
import type { CredentialIdentity, CredentialProvider } from "../credentials.js";
import { answerError, ask, type Exchange } from "./http.js";
import { answerIdentity, env, notConfigured, osCode, requestSettings, sourceOptions, sourceProvider, type Load, type RequestSettings } from "./source.js";
import { environmentRegion } from "../region.js";
import { MAX_TOKEN_FILE_BYTES, readBoundedFile } from "./bounded-file.js";
import { httpUrl, positive, text } from "../option-checks.js";
import * as DEFAULTS from "../defaults.js";
import { scrubbed } from "../redact.js";

export interface WebIdentityOptions {
  /** Default AWS_ROLE_ARN. */
  roleArn?: string;
  /** Default AWS_WEB_IDENTITY_TOKEN_FILE. */
  webIdentityTokenFile?: string;
  /** Default AWS_ROLE_SESSION_NAME, else "rds-iam-edge-<epoch ms>". */
  roleSessionName?: string;
  /** The STS region; default AWS_REGION, AWS_DEFAULT_REGION, the profile's region, else the global endpoint. */
  region?: string;
  /** Default 3600 (STS's own default). */
  durationSeconds?: number;
  /** Per attempt; default 5000. */
  timeoutMs?: number;
  /** Default 3 (server errors, throttling, IDP communication errors and timeouts are retried). */
  maxAttempts?: number;
}

const KNOWN = ["roleArn", "webIdentityTokenFile", "roleSessionName", "region", "durationSeconds", "timeoutMs", "maxAttempts"];
/** STS error codes worth another try besides 5xx (its documentation marks IDPCommunicationError retryable). */
const TRANSIENT_CODES = new Set(["IDPCommunicationError", "Throttling", "ThrottlingException", "RequestLimitExceeded", "ServiceUnavailable"]);
const WHAT = "STS AssumeRoleWithWebIdentity";

/** The STS endpoint: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the regional one, else the global one. */
function endpoint(region: string | undefined): URL {
  for (const name of ["AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"]) {
    const value = env(name);
    if (value === undefined) continue;
    const url = httpUrl(value);
    if (!url) throw new RdsIamError("CREDENTIALS_UNAVAILABLE", "must be an http(s) URL", name);
    return url;
  }
  if (region === undefined) return new URL("https://sts.amazonaws.com/");
  if (!/^[a-z0-9-]{1,40}$/.test(region)) throw new RdsIamError("INVALID_REGION", "must be an AWS region name", "region");
  return new URL(`https://sts.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}/`);
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** XML text with its entities decoded; a character reference to no XML character is PROVIDER_FAILED. */
function decodeXml(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] !== "#") return ENTITIES[e]!;
    const digits = e[1] === "x" ? e.slice(2) : e.slice(1);
    const code = digits.length > 8 ? NaN : parseInt(digits, e[1] === "x" ? 16 : 10);
    // XML's Char: tab, line breaks, U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF (no surrogates).
    const ok = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!ok) throw new RdsIamError("PROVIDER_FAILED", `${WHAT} answered with a character reference to no XML character`);
    return String.fromCodePoint(code);
  });
}

function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match ? decodeXml(match[1]!.trim()) : undefined;
}

/** The AWS error code of an STS error answer, if it is a plain word. */
function errorCode(xml: string): string | undefined {
  const code = element(xml, "Code");
  return code !== undefined && /^[A-Za-z.]{1,64}$/.test(code) ? code : undefined;
}

function parse(xml: string): CredentialIdentity {
  const credentials = /<Credentials>([\s\S]*?)<\/Credentials>/.exec(xml)?.[1];
  if (credentials === undefined) throw new RdsIamError("PROVIDER_FAILED", `${WHAT} answered without credentials`);
  return answerIdentity(
    {
      accessKeyId: element(credentials, "AccessKeyId"),
      secretAccessKey: element(credentials, "SecretAccessKey"),
      sessionToken: element(credentials, "SessionToken"),
      expiration: element(credentials, "Expiration"),
    },
    WHAT,
  );
}

interface WebIdentitySettings extends RequestSettings {
  roleArn: string | undefined;
  tokenFile: string | undefined;
  sessionName: string | undefined;
  region: string | undefined;
  durationSeconds: number | undefined;
}

async function assume(s: WebIdentitySettings, signal?: AbortSignal): Promise<CredentialIdentity> {
  const tokenFile = s.tokenFile ?? env("AWS_WEB_IDENTITY_TOKEN_FILE");
  const roleArn = s.roleArn ?? env("AWS_ROLE_ARN");
  if (tokenFile === undefined || roleArn === undefined) {
    throw notConfigured(
      tokenFile === undefined && roleArn === undefined
        ? "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set"
        : `${tokenFile === undefined ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "AWS_ROLE_ARN"} is not set`,
    );
  }
  let token: string;
  try {
    token = (await readBoundedFile(tokenFile, "the web identity token file", MAX_TOKEN_FILE_BYTES)).trim();
  } catch (error) {
    if (error instanceof RdsIamError) throw error;
    throw new RdsIamError("CREDENTIALS_UNAVAILABLE", `cannot read the web identity token file ${tokenFile} (${osCode(error)})`);
  }
  if (token === "") throw new RdsIamError("CREDENTIALS_UNAVAILABLE", `the web identity token file ${tokenFile} is empty`);
  const region = s.region ?? environmentRegion();
  const form = new URLSearchParams({
    Action: "AssumeRoleWithWebIdentity",
    Version: "2011-06-15",
    RoleArn: roleArn,
    RoleSessionName: s.sessionName ?? env("AWS_ROLE_SESSION_NAME") ?? `rds-iam-edge-${Date.now()}`,
    WebIdentityToken: token,
  });
  if (s.durationSeconds !== undefined) form.set("DurationSeconds", String(s.durationSeconds));
  const x: Exchange = {
    url: endpoint(region),
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", Accept: "text/xml" },
    body: form.toString(),
    timeoutMs: s.timeoutMs,
    what: WHAT,
    signal,
    retryUnanswered: true,
  };
  return ask(x, s.maxAttempts, (answer) => {
    if (answer.status === 200) return parse(answer.body);
    let code: string | undefined;
    try {
      code = errorCode(answer.body);
    } catch {
      code = undefined; // a malformed error answer is still the status's error
    }
    // An error code that echoes part of the web identity token is no code of STS's.
    if (code !== undefined && scrubbed(code, [token]) !== code) code = undefined;
    throw answerError(x, answer.status, code, code !== undefined && TRANSIENT_CODES.has(code));
  });
}

/** Role credentials for a web identity token (EKS IRSA), through STS; read and exchanged when called. */
export function fromWebIdentity(options?: WebIdentityOptions): CredentialProvider {
  return sourceProvider("web identity", webIdentitySource(options));
}

/** The web identity source's load (for fromWebIdentity and the default chain). */
export function webIdentitySource(options?: WebIdentityOptions): Load {
  const o = sourceOptions(options, KNOWN);
  const settings: WebIdentitySettings = {
    roleArn: text(o.roleArn, "roleArn"),
    tokenFile: text(o.webIdentityTokenFile, "webIdentityTokenFile"),
    sessionName: text(o.roleSessionName, "roleSessionName"),
    region: text(o.region, "region"),
    durationSeconds: o.durationSeconds === undefined ? undefined : positive(o.durationSeconds, "durationSeconds", 3600, true),
    ...requestSettings(o, DEFAULTS.webIdentity),
  };
  return (signal) => assume(settings, signal);
}
