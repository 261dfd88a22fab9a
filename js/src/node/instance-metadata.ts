// fromInstanceMetadata: the EC2 instance role through IMDSv2. A session
// token (PUT /latest/api/token with a TTL header) authorises two reads: the
// role name, then the role's credentials. AWS_EC2_METADATA_DISABLED turns it
// off; AWS_EC2_METADATA_SERVICE_ENDPOINT(_MODE) moves it. IMDSv1 is never used.
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-metadata-security-credentials.html

import { RdsIamError } from "../errors.js";
import type { CredentialIdentity, CredentialProvider } from "../credentials.js";
import { answerError, ask, type Exchange } from "./http.js";
import { httpUrl } from "../option-checks.js";
import * as DEFAULTS from "../defaults.js";
import { scrubbed } from "../redact.js";
import { answerIdentity, env, jsonObject, notConfigured, requestSettings, sourceOptions, sourceProvider, type Load, type RequestSettings } from "./source.js";

export interface InstanceMetadataOptions {
  /** Per request; default 1000 (as the SDKs). */
  timeoutMs?: number;
  /** Per request, for server errors only (no answer means no IMDS here); default 3. */
  maxAttempts?: number;
}

const ENDPOINTS = { ipv4: "http://169.254.169.254", ipv6: "http://[fd00:ec2::254]" };
const TOKEN_TTL_SECONDS = "21600"; // six hours, the longest IMDS grants
const CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";
const WHAT = "the instance metadata service";

function base(): URL {
  const configured = env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  if (configured !== undefined) {
    const url = httpUrl(configured);
    if (!url) {
      throw new RdsIamError("CREDENTIALS_UNAVAILABLE", "must be an http(s) URL", "AWS_EC2_METADATA_SERVICE_ENDPOINT");
    }
    return url;
  }
  const mode = (env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE") ?? "IPv4").toLowerCase();
  if (mode !== "ipv4" && mode !== "ipv6") {
    throw new RdsIamError("CREDENTIALS_UNAVAILABLE", "must be IPv4 or IPv6", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
  }
  return new URL(ENDPOINTS[mode]);
}

function parse(body: string, session: string): CredentialIdentity {
  const json = jsonObject(body, WHAT, "credentials that are not JSON");
  if (json.Code !== undefined && json.Code !== "Success") {
    // A plain word, and none that echoes the session token we sent.
    const word = typeof json.Code === "string" && /^[A-Za-z]{1,64}$/.test(json.Code) && scrubbed(json.Code, [session]) === json.Code;
    const code = word ? ` ${json.Code}` : "";
    throw new RdsIamError("PROVIDER_FAILED", `${WHAT} answered Code${code || " other than Success"} for the role's credentials`);
  }
  return answerIdentity(
    { accessKeyId: json.AccessKeyId, secretAccessKey: json.SecretAccessKey, sessionToken: json.Token, expiration: json.Expiration },
    WHAT,
  );
}

async function load(s: RequestSettings, signal?: AbortSignal): Promise<CredentialIdentity> {
  const disabled = env("AWS_EC2_METADATA_DISABLED");
  if (disabled !== undefined && disabled.toLowerCase() !== "false") throw notConfigured("disabled by AWS_EC2_METADATA_DISABLED");
  const root = base();
  const call = async (path: string, method: "GET" | "PUT", headers: Record<string, string>): Promise<string> => {
    const x: Exchange = { url: new URL(path, root), method, headers, timeoutMs: s.timeoutMs, what: WHAT, signal };
    return ask(x, s.maxAttempts, (answer) => {
      if (answer.status === 200) return answer.body;
      if (path === CREDENTIALS_PATH && answer.status === 404) throw notConfigured("this instance has no IAM role (instance profile)");
      throw answerError(x, answer.status);
    });
  };
  let session: string;
  try {
    session = (await call("/latest/api/token", "PUT", { "x-aws-ec2-metadata-token-ttl-seconds": TOKEN_TTL_SECONDS })).trim();
  } catch (error) {
    // In a container on EC2 the PUT's answer needs a hop limit of 2; say so.
    if (error instanceof RdsIamError && error.code === "TIMEOUT") {
      throw new RdsIamError("TIMEOUT", `${error.reason} (in a container on EC2, IMDSv2 needs a metadata hop limit of 2 or more)`);
    }
    throw error;
  }
  if (!/^[\x21-\x7e]+$/.test(session)) throw new RdsIamError("PROVIDER_FAILED", `${WHAT} answered with an empty or malformed session token`);
  const auth = { "x-aws-ec2-metadata-token": session };
  const role = (await call(CREDENTIALS_PATH, "GET", auth)).split("\n").map((line) => line.trim()).find(Boolean);
  if (role === undefined) throw notConfigured("this instance has no IAM role (instance profile)");
  return parse(await call(CREDENTIALS_PATH + encodeURIComponent(role), "GET", auth), session);
}

/** The EC2 instance role's credentials through IMDSv2, fetched when called. */
export function fromInstanceMetadata(options?: InstanceMetadataOptions): CredentialProvider {
  return sourceProvider("instance metadata", instanceMetadataSource(options));
}

/** The instance metadata source's load (for fromInstanceMetadata and the default chain). */
export function instanceMetadataSource(options?: InstanceMetadataOptions): Load {
  const settings = requestSettings(sourceOptions(options, ["timeoutMs", "maxAttempts"]), DEFAULTS.instanceMetadata);
  return (signal) => load(settings, signal);
}
