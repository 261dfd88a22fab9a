// Region resolution for authTokenProvider and Signer: the caller's value,
// else AWS_REGION, else AWS_DEFAULT_REGION, else (in Node) the shared config
// profile's region, else a loud error. Never a guess (a silent wrong region
// makes a token that fails at login).

import { RdsIamError } from "./errors.js";
import { envString, processEnv } from "./env.js";

// The profile's region, where a runtime can read the shared files (the Node entry sets it).
let profileRegion: ((profile: string | undefined) => string | undefined) | undefined;

/** Called once by the Node entry. */
export function setProfileRegion(read: (profile: string | undefined) => string | undefined): void {
  profileRegion = read;
}

/** `explicit` when given (the signer validates it), else the environment's or the profile's region. */
export function resolveRegion(explicit: unknown, profile?: string): unknown {
  if (explicit !== undefined && explicit !== null) return explicit;
  const env = processEnv();
  const region = envString(env, "AWS_REGION") ?? envString(env, "AWS_DEFAULT_REGION") ?? profileRegion?.(profile);
  if (region === undefined) {
    const where = profileRegion ? ", or region in the shared config profile" : "";
    throw new RdsIamError("REGION_UNAVAILABLE", `pass region, or set AWS_REGION or AWS_DEFAULT_REGION${where}`, "region");
  }
  return region;
}
