// Signer: a drop-in for @aws-sdk/rds-signer's Signer (same constructor
// shape, getAuthToken()), backed by the token cache, so a migration is one
// import line. Like the SDK's, the constructor never throws: a bad or
// incomplete configuration rejects from getAuthToken().

import { RdsIamError } from "./errors.js";
import { authTokenProvider, coreOf, type AuthTokenProvider } from "./provider.js";
import type { AuthTokenProviderOptions } from "./options.js";
import { runtimeDefaultCredentials, type CredentialsOption } from "./credentials.js";
import { resolveRegion } from "./region.js";
import { redactedClass } from "./redact.js";

export interface SignerConfig {
  hostname: string;
  port: number | string;
  username: string;
  /** Default: AWS_REGION, then AWS_DEFAULT_REGION, then (Node) the profile's region. */
  region?: string;
  /** Default: the default credential chain in Node (for `profile`, when given); required elsewhere. */
  credentials?: CredentialsOption;
  /** Node: the shared-file profile for the default credentials and region (default AWS_PROFILE, else "default"). */
  profile?: string;
  /** Accepted for compatibility and unused: the token is signed in WebAssembly. */
  sha256?: unknown;
  // Beyond the SDK's shape: how the cache treats this signer's tokens.
  expiresIn?: number;
  clock?: AuthTokenProviderOptions["clock"];
  safetyMarginSeconds?: number;
  refreshAheadSeconds?: number;
  cache?: AuthTokenProviderOptions["cache"];
  onEvent?: AuthTokenProviderOptions["onEvent"];
  credentialTimeoutSeconds?: number;
}

const PASSED_ON = [
  "hostname", "port", "username", "region", "credentials",
  "expiresIn", "clock", "safetyMarginSeconds", "refreshAheadSeconds", "cache", "onEvent", "credentialTimeoutSeconds",
] as const;
const ACCEPTED = new Set<string>([...PASSED_ON, "sha256", "profile"]);

export class Signer {
  readonly #config: Record<string, unknown>;
  #provider: AuthTokenProvider | undefined;

  constructor(configuration: SignerConfig) {
    this.#config = typeof configuration === "object" && configuration !== null ? { ...configuration } : { invalid: configuration };
  }

  /** An RDS auth token for the configured endpoint and user, from the cache while usable. */
  getAuthToken(): Promise<string> {
    try {
      this.#provider ??= authTokenProvider(this.#options());
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#provider();
  }

  #options(): AuthTokenProviderOptions {
    const c = this.#config;
    if ("invalid" in c) throw new RdsIamError("INVALID_INPUT", "must be an object", "configuration");
    for (const key of Object.keys(c)) {
      if (!ACCEPTED.has(key)) throw new RdsIamError("INVALID_INPUT", "is not a Signer option", key);
    }
    const options: Record<string, unknown> = { service: "rds" };
    for (const key of PASSED_ON) if (c[key] !== undefined) options[key] = c[key];
    // As the SDK's Signer: the profile picks the default credentials and the region.
    if (c.profile !== undefined) {
      if (typeof c.profile !== "string" || c.profile === "") throw new RdsIamError("INVALID_INPUT", "must be a profile name", "profile");
      options.region = resolveRegion(c.region, c.profile);
      options.credentials ??= runtimeDefaultCredentials(c.profile);
    }
    return options as unknown as AuthTokenProviderOptions;
  }

  /** For the redacted views: what is known without resolving anything. */
  #facts() {
    const where = this.#provider ? coreOf(this.#provider).where : undefined;
    const c = this.#config;
    const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? v : undefined);
    return {
      hostname: where?.hostname ?? text(c.hostname),
      port: where?.port ?? text(c.port),
      username: where?.username ?? text(c.username),
      region: where?.region ?? text(c.region),
    };
  }

  static {
    redactedClass(Signer.prototype, "Signer", (self: Signer) => self.#facts());
  }
}
