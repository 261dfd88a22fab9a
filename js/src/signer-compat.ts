// Signer: a drop-in for @aws-sdk/rds-signer's Signer (same constructor
// shape, getAuthToken()), backed by the token cache, so a migration is one
// import line. Like the SDK's, the constructor never throws: a bad or
// incomplete configuration rejects from getAuthToken().

import { RdsIamError } from "./errors.js";
import { authTokenProvider, coreOf, type AuthTokenProvider } from "./provider.js";
import type { AuthTokenProviderOptions } from "./options.js";
import type { CredentialsOption } from "./credentials.js";
import { redactedClass } from "./redact.js";

export interface SignerConfig {
  hostname: string;
  port: number | string;
  username: string;
  /** Default: AWS_REGION, then AWS_DEFAULT_REGION. */
  region?: string;
  /** Default: the environment in Node; required elsewhere. */
  credentials?: CredentialsOption;
  /** Accepted for compatibility and unused: the token is signed in WebAssembly. */
  sha256?: unknown;
  // Beyond the SDK's shape: how the cache treats this signer's tokens.
  expiresIn?: number;
  clock?: AuthTokenProviderOptions["clock"];
  safetyMarginSeconds?: number;
  refreshAheadSeconds?: number;
  cache?: AuthTokenProviderOptions["cache"];
  onEvent?: AuthTokenProviderOptions["onEvent"];
}

const PASSED_ON = [
  "hostname", "port", "username", "region", "credentials",
  "expiresIn", "clock", "safetyMarginSeconds", "refreshAheadSeconds", "cache", "onEvent",
] as const;
const ACCEPTED = new Set<string>([...PASSED_ON, "sha256"]);

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
      if (key === "profile" && c.profile !== undefined) {
        throw new RdsIamError("INVALID_INPUT", "profiles need the shared config file source, which is not available yet", "profile");
      }
      if (!ACCEPTED.has(key) && key !== "profile") throw new RdsIamError("INVALID_INPUT", "is not a Signer option", key);
    }
    const options: Record<string, unknown> = { service: "rds" };
    for (const key of PASSED_ON) if (c[key] !== undefined) options[key] = c[key];
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
