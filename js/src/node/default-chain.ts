// defaultCredentials: the AWS SDKs' Node order — environment, shared files,
// web identity, container endpoint, instance metadata — stopping at the
// first source that is set up here. A source that is set up but fails ends
// the search with its own error (a silent fall-through to another identity
// would be worse); when none is set up, one error lists what was tried.

import { RdsIamError } from "../errors.js";
import { environmentRegion, resolveRegion } from "../region.js";
import { callProvider, fromEnv, type CredentialIdentity, type CredentialProvider } from "../credentials.js";
import { containerSource } from "./container.js";
import { instanceMetadataSource } from "./instance-metadata.js";
import { sharedFileSource } from "./shared-file.js";
import { env, NotSetUp, sourceOptions, sourceProvider } from "./source.js";
import { text } from "../option-checks.js";
import { webIdentitySource } from "./web-identity.js";

export interface DefaultCredentialsOptions {
  /** The shared-file profile; default AWS_PROFILE, else "default". Naming one skips the environment keys, as the SDK does. */
  profile?: string;
}

/** Notes a source that is not set up here (NotSetUp, or what `notHere` says is); any other failure ends the search. */
function note(tried: string[], name: string, thrown: unknown, notHere: (e: RdsIamError) => boolean = () => false): void {
  const error = thrown instanceof NotSetUp ? thrown.error : thrown;
  if (!(error instanceof RdsIamError) || (error === thrown && !notHere(error))) throw error;
  const code = error.code === "CREDENTIALS_UNAVAILABLE" ? "" : ` (${error.code})`;
  tried.push(`${name}${code}: ${error.reason}`);
}

/** Credentials from the first source set up here, looked for on every call (the token cache keeps them meanwhile). */
export function defaultCredentials(options?: DefaultCredentialsOptions): CredentialProvider {
  const o = sourceOptions(options, ["profile"]);
  const profile = text(o.profile, "profile");
  const environment = fromEnv();
  const sharedFile = sharedFileSource(profile === undefined ? {} : { profile });
  const container = containerSource();
  const instance = instanceMetadataSource();

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
    const webIdentity = webIdentitySource(region === undefined ? {} : { region });
    for (const [name, source] of [["shared files", sharedFile], ["web identity", webIdentity], ["container", container]] as const) {
      try {
        return await source(signal);
      } catch (error) {
        note(tried, name, error);
      }
    }
    try {
      return await instance(signal);
    } catch (error) {
      // Last in line: no answer (or a refusal) from IMDS means this is not an EC2 instance with a role.
      note(tried, "instance metadata", error, (e) => e.code === "TIMEOUT" || e.code === "HTTP_ERROR");
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
