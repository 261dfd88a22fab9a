// Region resolution for authTokenProvider and Signer: the caller's value,
// else AWS_REGION, else AWS_DEFAULT_REGION, else a loud error. Never a
// guess (a silent wrong region makes a token that fails at login).

import { RdsIamError } from "./errors.js";
import { envString, processEnv } from "./env.js";

/** `explicit` when given (the signer validates it), else the environment's region. */
export function resolveRegion(explicit: unknown): unknown {
  if (explicit !== undefined && explicit !== null) return explicit;
  const env = processEnv();
  const region = envString(env, "AWS_REGION") ?? envString(env, "AWS_DEFAULT_REGION");
  if (region === undefined) {
    throw new RdsIamError("REGION_UNAVAILABLE", "pass region, or set AWS_REGION or AWS_DEFAULT_REGION", "region");
  }
  return region;
}
