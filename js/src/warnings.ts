// The usual mistakes behind a refused IAM login, read off a token's fields:
// what the CLI's `inspect` and the inspector page both show. Warnings, not
// errors: the token is well formed, the server may still refuse it. Pure
// (time is an argument); no secret or signature ever reaches a message.

import { RdsIamError } from "./errors.js";
import { object, PLACEHOLDER_CREDENTIALS, toMillis, type Service } from "./normalize.js";
import { endpointRegion, signToken, type TokenInfo } from "./signing.js";
import { duration, isoTime } from "./time-text.js";

export { duration, isoTime } from "./time-text.js";

export type TokenWarningCode =
  | "REGION_MISMATCH"
  | "PORT_443"
  | "NOT_AN_RDS_ENDPOINT"
  | "CACHE_ENDPOINT_AS_NAME"
  | "EXPIRES_IN_TOO_LONG"
  | "SIGNED_IN_FUTURE"
  | "EXPIRED";

export type TokenWarning = { code: TokenWarningCode; message: string };

/** What the messages call each kind (the core has the kinds' facts; these are only their names in prose). */
const LABEL: Record<Service, string> = { rds: "RDS", dsql: "Aurora DSQL", elasticache: "ElastiCache", memorydb: "MemoryDB" };

function field<T>(info: Record<string, unknown>, name: string, ok: (v: unknown) => boolean): T {
  if (!ok(info[name])) throw new RdsIamError("INVALID_INPUT", "must be a TokenInfo from inspectToken", `info.${name}`);
  return info[name] as T;
}

const isText = (v: unknown) => typeof v === "string";
const isTime = (v: unknown) => typeof v === "number" && Number.isFinite(v);

/**
 * The kind's longest lifetime (seconds) when `expiresIn` is over it, else
 * undefined. The core decides: asked to sign the token's own parts for
 * `expiresIn`, it refuses with INVALID_EXPIRES_IN, whose reason names the
 * maximum ("must be from 1 to 900 seconds"). Parts it would not sign at all
 * tell nothing about the lifetime.
 */
function lifetimeOver(info: Record<string, unknown>, expiresIn: number): number | undefined {
  const { service, hostname, port, username, region, serverless } = info;
  try {
    // null is no port or user; `serverless: false` is no field of the other kinds.
    // signToken, not a TokenSigner: nothing is left behind in the module.
    signToken({ service, hostname, port, username, region, serverless: serverless || undefined, expiresIn, credentials: PLACEHOLDER_CREDENTIALS, now: 0 } as never);
  } catch (error) {
    const max = error instanceof RdsIamError && error.code === "INVALID_EXPIRES_IN" && / to (\d+) /.exec(error.reason);
    if (max) return Number(max[1]);
  }
  return undefined;
}

/**
 * Warnings for a token's fields (from `inspectToken`) at `now` (epoch ms or
 * Date; default Date.now()): static mistakes first, then time.
 */
export function tokenWarnings(info: TokenInfo, now?: number | Date): TokenWarning[] {
  const o = object(info, "info");
  const service = field<Service>(o, "service", (v) => typeof v === "string" && Object.hasOwn(LABEL, v));
  const hostname = field<string>(o, "hostname", isText);
  const region = field<string>(o, "region", isText);
  const port = field<number | null>(o, "port", (v) => v === null || typeof v === "number");
  const signedAt = field<number>(o, "signedAt", isTime);
  const expiresIn = field<number>(o, "expiresIn", isTime);
  const expiresAt = field<number>(o, "expiresAt", isTime);
  const at = toMillis(now);
  const warnings: TokenWarning[] = [];
  const warn = (code: TokenWarningCode, message: string) => warnings.push({ code, message });

  // DNS names are case-insensitive: an endpoint typed in capitals is still one
  // (the core infers a region only from the lower-case form AWS prints).
  const hostRegion = endpointRegion(hostname.toLowerCase());
  if (hostRegion !== undefined && hostRegion !== region) {
    warn("REGION_MISMATCH", `signed for region ${region}, but the endpoint ${hostname} is in ${hostRegion}: sign with region ${hostRegion}`);
  }
  if (service === "rds" && port === 443) {
    warn(
      "PORT_443",
      "signed for port 443, which is not a database port: usually the port was left out and a signer filled in the HTTPS default. " +
        "Sign for the port the client connects to (PostgreSQL 5432, MySQL and MariaDB 3306)",
    );
  }
  if (service === "rds" && hostRegion === undefined) {
    warn(
      "NOT_AN_RDS_ENDPOINT",
      `${hostname} is not an RDS endpoint name (…rds.amazonaws.com): AWS does not accept tokens signed for a custom DNS name ` +
        "(a CNAME) or an address; sign for the instance, cluster or proxy endpoint the name points to",
    );
  }
  if ((service === "elasticache" || service === "memorydb") && /\.amazonaws\.com(\.cn)?$/i.test(hostname)) {
    warn(
      "CACHE_ENDPOINT_AS_NAME",
      `signed for the endpoint ${hostname}: ${LABEL[service]} tokens are signed for the ${service === "memorydb" ? "cluster" : "cache"} name ` +
        "(e.g. my-cache), while the client connects to the endpoint",
    );
  }
  const max = lifetimeOver(o, expiresIn);
  if (max !== undefined) {
    warn("EXPIRES_IN_TOO_LONG", `valid for ${expiresIn} s, but ${LABEL[service]} accepts tokens for ${max} s (${max / 60} minutes) at most`);
  }
  if (signedAt > at) {
    warn(
      "SIGNED_IN_FUTURE",
      `signed ${duration(signedAt - at)} in the future (at ${isoTime(signedAt)}): the signing machine's clock is ahead of this one; ` +
        "beyond the server's allowed clock skew the login is refused",
    );
  }
  if (at > expiresAt) {
    warn("EXPIRED", `expired ${duration(at - expiresAt)} ago (at ${isoTime(expiresAt)}): sign a new token right before connecting`);
  }
  return warnings;
}
