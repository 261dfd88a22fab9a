// fromContainer: the container credential endpoint. ECS and Fargate set
// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (a path on 169.254.170.2); EKS Pod
// Identity (and others) set AWS_CONTAINER_CREDENTIALS_FULL_URI with an
// authorization token in AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (re-read on
// every call) or AWS_CONTAINER_AUTHORIZATION_TOKEN. As the SDKs do, a full
// URI must be HTTPS or name a loopback or container-agent host.

import { RdsIamError } from "../errors.js";
import type { CredentialIdentity, CredentialProvider } from "../credentials.js";
import { answerError, ask, type Exchange } from "./http.js";
import { MAX_TOKEN_FILE_BYTES, readBoundedFile } from "./bounded-file.js";
import { httpUrl } from "../option-checks.js";
import * as DEFAULTS from "../defaults.js";
import { answerIdentity, env, jsonObject, notConfigured, osCode, requestSettings, sourceOptions, sourceProvider, type Load, type RequestSettings } from "./source.js";

export interface ContainerOptions {
  /** Per attempt; default 1000. */
  timeoutMs?: number;
  /** Default 4 (the SDKs' one try and three retries; client errors are not retried). */
  maxAttempts?: number;
}

const ECS_HOST = "http://169.254.170.2";
/** Plain-HTTP hosts a full URI may name: the ECS agent, EKS Pod Identity (IPv4, IPv6), loopback. */
const AGENT_HOSTS = new Set(["169.254.170.2", "169.254.170.23", "[fd00:ec2::23]", "localhost", "[::1]"]);
const WHAT = "the container credential endpoint";

function loopbackV4(host: string): boolean {
  const parts = host.split(".");
  return parts.length === 4 && parts[0] === "127" && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** The endpoint from the environment (the relative URI wins, as in the SDKs). */
function endpoint(): URL {
  const relative = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  const full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (relative !== undefined) {
    if (!relative.startsWith("/")) {
      throw new RdsIamError("CREDENTIALS_UNAVAILABLE", "must be a path starting with /", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    }
    return new URL(ECS_HOST + relative);
  }
  if (full === undefined) throw notConfigured("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set");
  const url = httpUrl(full); // also normalises hosts: [fd00:ec2:0::23] -> [fd00:ec2::23], 0x7f.1 -> 127.0.0.1
  if (!url) {
    throw new RdsIamError("CREDENTIALS_UNAVAILABLE", "must be an http(s) URL", "AWS_CONTAINER_CREDENTIALS_FULL_URI");
  }
  if (url.protocol === "http:" && !AGENT_HOSTS.has(url.hostname) && !loopbackV4(url.hostname)) {
    throw new RdsIamError(
      "CREDENTIALS_UNAVAILABLE",
      `host ${url.hostname} is not allowed over plain HTTP: use https, a loopback address, 169.254.170.2, 169.254.170.23 or [fd00:ec2::23]`,
      "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    );
  }
  return url;
}

/** The Authorization header value: the token file wins over the variable. */
async function authorization(): Promise<string | undefined> {
  const file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  let token = env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  if (file !== undefined) {
    try {
      token = (await readBoundedFile(file, "the container authorization token file", MAX_TOKEN_FILE_BYTES)).trim();
    } catch (error) {
      if (error instanceof RdsIamError) throw error;
      throw new RdsIamError("CREDENTIALS_UNAVAILABLE", `cannot read the container authorization token file ${file} (${osCode(error)})`);
    }
  }
  if (token !== undefined && !/^[\x20-\x7e]+$/.test(token)) {
    // A line break would split the header; never echo the token.
    throw new RdsIamError("CREDENTIALS_UNAVAILABLE", "the container authorization token is empty or holds a line break or non-ASCII character");
  }
  return token;
}

function parse(body: string): CredentialIdentity {
  const json = jsonObject(body, WHAT, "something that is not JSON");
  return answerIdentity(
    { accessKeyId: json.AccessKeyId, secretAccessKey: json.SecretAccessKey, sessionToken: json.Token, expiration: json.Expiration },
    WHAT,
  );
}

async function load(s: RequestSettings, signal?: AbortSignal): Promise<CredentialIdentity> {
  const url = endpoint();
  const token = await authorization();
  const x: Exchange = {
    url,
    headers: { Accept: "application/json", ...(token === undefined ? {} : { Authorization: token }) },
    timeoutMs: s.timeoutMs,
    what: WHAT,
    signal,
    retryUnanswered: true,
  };
  return ask(x, s.maxAttempts, (answer) => {
    if (answer.status !== 200) throw answerError(x, answer.status);
    return parse(answer.body);
  });
}

/** The container source's load (for fromContainer and the default chain). */
export function containerSource(options?: ContainerOptions): Load {
  const settings = requestSettings(sourceOptions(options, ["timeoutMs", "maxAttempts"]), DEFAULTS.container);
  return (signal) => load(settings, signal);
}

/** Credentials from the ECS / EKS Pod Identity container endpoint, fetched when called. */
export function fromContainer(options?: ContainerOptions): CredentialProvider {
  return sourceProvider("container", containerSource(options));
}
