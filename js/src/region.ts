// The one region chain, for authTokenProvider, the helpers, Signer, the CLI
// and the credential sources: the caller's value; else the endpoint's own
// region (the token must be signed for the database's region, not the
// Lambda's); else AWS_REGION; else AWS_DEFAULT_REGION (not for the drop-in
// Signer: the JS SDK does not read it); else, in Node, the shared config
// profile's region; else a loud error. Never a guess.

import { RdsIamError } from "./errors.js";
import { envString, processEnv } from "./env.js";
import { endpointRegion } from "./signing.js";
import { runtime } from "#runtime";

export interface RegionQuery {
  /** The caller's `region` (the signer checks its shape). */
  given?: unknown;
  /** The endpoint; its own region comes before the environment's. */
  hostname?: unknown;
  /** The shared-file profile (default AWS_PROFILE, else "default"). */
  profile?: string | undefined;
  /** The drop-in Signer's chain: the JS SDK reads AWS_REGION and the profile, not AWS_DEFAULT_REGION. */
  sdkSigner?: boolean;
}

/** Longest DNS name: anything longer is no endpoint (the signer says why). */
const MAX_HOSTNAME = 253;

/** The region the endpoint names, if `hostname` is an RDS, RDS Proxy, Aurora or DSQL endpoint. */
export function hostRegion(hostname: unknown): string | undefined {
  return typeof hostname === "string" && hostname.length <= MAX_HOSTNAME ? endpointRegion(hostname) : undefined;
}

/** The environment's region (AWS_REGION, AWS_DEFAULT_REGION unless `sdkSigner`, the profile's), if any. */
export function environmentRegion(profile?: string, sdkSigner = false): string | undefined {
  const env = processEnv();
  return envString(env, "AWS_REGION") ?? (sdkSigner ? undefined : envString(env, "AWS_DEFAULT_REGION")) ?? runtime.profileRegion?.(profile);
}

/** The region to sign with: `given` when present (its shape is the signer's to check), else the chain's, else undefined. */
export function findRegion(query: RegionQuery): unknown {
  const { given, hostname, profile, sdkSigner = false } = query;
  if (given !== undefined && given !== null) return given;
  return hostRegion(hostname) ?? environmentRegion(profile, sdkSigner);
}

/** What to do when the chain found nothing. */
export function regionUnavailable(sdkSigner = false): RdsIamError {
  const variables = sdkSigner ? "AWS_REGION" : "AWS_REGION or AWS_DEFAULT_REGION";
  const where = runtime.profileRegion ? ", or region in the shared config profile" : "";
  return new RdsIamError(
    "REGION_UNAVAILABLE",
    `pass region, or set ${variables}${where} (the hostname is not an RDS, RDS Proxy, Aurora or DSQL endpoint naming its region)`,
    "region",
  );
}

/** findRegion, or REGION_UNAVAILABLE. */
export function resolveRegion(query: RegionQuery): unknown {
  const region = findRegion(query);
  if (region === undefined) throw regionUnavailable(query.sdkSigner);
  return region;
}
