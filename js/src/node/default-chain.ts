// defaultCredentials: the AWS SDKs' Node order — environment, shared files,
// web identity, container endpoint, instance metadata — stopping at the
// first source that is set up here. A source that is set up but fails ends
// the search with its own error (a silent fall-through to another identity
// would be worse); when none is set up, one error lists what was tried.

import { RdsIamError } from "../errors.js";
import { environmentRegion, resolveRegion } from "../region.js";
import { callProvider, fromEnv, type CredentialIdentity, type CredentialProvider } from "../credentials.js";
import { fromContainer } from "./container.js";
import { fromInstanceMetadata } from "./instance-metadata.js";
import { fromSharedFile } from "./shared-file.js";
import { env, isNotConfigured, sourceOptions, sourceProvider } from "./source.js";
import { text } from "../option-checks.js";
import { fromWebIdentity } from "./web-identity.js";

export interface DefaultCredentialsOptions {
  /** The shared-file profile; default AWS_PROFILE, else "default". Naming one skips the environment keys, as the SDK does. */
  profile?: string;
}

/** Where the chain stops with an error of the source's own: everything but "not set up here". */
function note(tried: string[], name: string, error: unknown, notHere: (e: RdsIamError) => boolean): void {
  if (!(error instanceof RdsIamError) || !notHere(error)) throw error;
  const code = error.code === "CREDENTIALS_UNAVAILABLE" ? "" : ` (${error.code})`;
  tried.push(`${name}${code}: ${error.reason}`);
}

/** Credentials from the first source set up here, looked for on every call (the token cache keeps them meanwhile). */
export function defaultCredentials(options?: DefaultCredentialsOptions): CredentialProvider {
  const o = sourceOptions(options, ["profile"]);
  const profile = text(o.profile, "profile");
  const environment = fromEnv();
  const sharedFile = fromSharedFile(profile === undefined ? {} : { profile });
  const container = fromContainer();
  const instance = fromInstanceMetadata();

  const load = async (signal?: AbortSignal): Promise<CredentialIdentity> => {
    const tried: string[] = [];
    const skip = profile !== undefined ? "a profile was given" : env("AWS_PROFILE") !== undefined ? "AWS_PROFILE is set" : undefined;
    if (skip !== undefined) {
      tried.push(`environment: skipped because ${skip}`);
    } else {
      try {
        return await callProvider(environment, false, signal);
      } catch (error) {
        note(tried, "environment", error, (e) => e.code === "CREDENTIALS_UNAVAILABLE");
      }
    }
    // STS in the region the rest of the configuration names (the global endpoint without one).
    const region = environmentRegion(profile);
    const webIdentity = fromWebIdentity(region === undefined ? {} : { region });
    for (const [name, source] of [["shared files", sharedFile], ["web identity", webIdentity], ["container", container]] as const) {
      try {
        return await callProvider(source, false, signal);
      } catch (error) {
        note(tried, name, error, isNotConfigured);
      }
    }
    try {
      return await callProvider(instance, false, signal);
    } catch (error) {
      // Last in line: no answer (or a refusal) from IMDS means this is not an EC2 instance with a role.
      note(tried, "instance metadata", error, (e) => isNotConfigured(e) || e.code === "TIMEOUT" || e.code === "HTTP_ERROR");
    }
    throw new RdsIamError("CREDENTIALS_UNAVAILABLE", `no AWS credentials found; tried ${tried.join("; ")}`);
  };
  return sourceProvider("default chain", load);
}

/** The region authTokenProvider and Signer use when given none: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region. */
export function defaultRegion(options?: DefaultCredentialsOptions): string {
  const o = sourceOptions(options, ["profile"]);
  return resolveRegion({ profile: text(o.profile, "profile") }) as string;
}
