// Signer: a drop-in for @aws-sdk/rds-signer's Signer (same constructor
// shape, getAuthToken()), backed by the token cache, so a migration is one
// import line. Like the SDK's, the constructor never throws: a bad or
// incomplete configuration rejects from getAuthToken(). Where the SDK
// returns a token RDS accepts, this returns the same token.

import { RdsIamError } from "./errors.js";
import { coreOf, providerFrom, type AuthTokenProvider } from "./provider.js";
import { providerSettings, type AuthTokenProviderOptions } from "./options.js";
import type { CredentialsOption } from "./credentials.js";
import { emitWarning } from "./events.js";
import { meantField } from "./normalize.js";
import { errorKind, redacted } from "./redact.js";

export interface SignerConfig {
  hostname: string;
  port: number | string;
  username: string;
  /**
   * Default, as the SDK's: the endpoint's own region (which the SDK does not
   * read), then AWS_REGION, then (Node) the profile's region. Not
   * AWS_DEFAULT_REGION: the JS SDK does not read it.
   */
  region?: string;
  /** Default: the default credential chain in Node (for `profile`, when given); required elsewhere. */
  credentials?: CredentialsOption;
  /** Node: the shared-file profile for the default credentials and region (default AWS_PROFILE, else "default"). */
  profile?: string;
  /** Accepted for compatibility and unused: the token is signed in WebAssembly. */
  sha256?: unknown;
  // Beyond the SDK's shape: how the cache treats this signer's tokens.
  /** Seconds, default 900. Above 900 signs for 900 (the SDK always signs for 900) and says so through onEvent. */
  expiresIn?: number;
  clock?: AuthTokenProviderOptions["clock"];
  safetyMarginSeconds?: number;
  refreshAheadSeconds?: number;
  /** Default TokenCache.default; `false` signs a new token on every call, as the SDK's Signer does. */
  cache?: AuthTokenProviderOptions["cache"];
  onEvent?: AuthTokenProviderOptions["onEvent"];
  credentialTimeoutSeconds?: number;
  /** Every other key of the SDK's config (logger, runtime, ...) is accepted and ignored, as the SDK ignores them. */
  [other: string]: unknown;
}

const PASSED_ON = [
  "hostname", "port", "username", "region", "credentials",
  "expiresIn", "clock", "safetyMarginSeconds", "refreshAheadSeconds", "cache", "onEvent", "credentialTimeoutSeconds",
] as const;

/** Our token fields that a Signer (RDS only, as the SDK's) cannot take: refused, not ignored. */
const OTHER_KINDS = new Set(["service", "admin", "serverless"]);

const KNOWN: ReadonlySet<string> = /* @__PURE__ */ new Set(PASSED_ON);
const REQUIRED = [["hostname", "INVALID_HOSTNAME"], ["port", "INVALID_PORT"], ["username", "INVALID_USERNAME"]] as const;

/** What the AWS SDK's Signer always signs for (its own constant: RDS's longest lifetime). */
const MAX_EXPIRES_IN = 900;

export class Signer {
  readonly #config: Record<string, unknown>;
  #provider: AuthTokenProvider | undefined;

  constructor(configuration: SignerConfig) {
    // As the SDK's, the constructor never throws: a configuration that is not
    // an object, or whose getters or Proxy traps throw (their text may quote
    // a secret, so only its kind is kept), rejects from getAuthToken().
    try {
      this.#config = typeof configuration === "object" && configuration !== null ? { ...configuration } : { invalid: "must be an object" };
    } catch (thrown) {
      this.#config = { invalid: `could not be read (${errorKind(thrown)})` };
    }
    redacted(this, "Signer", () => this.#facts());
  }

  /** An RDS auth token for the configured endpoint and user, from the cache while usable. */
  getAuthToken(): Promise<string> {
    try {
      this.#provider ??= this.#makeProvider();
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#provider();
  }

  #makeProvider(): AuthTokenProvider {
    const c = this.#config;
    if ("invalid" in c) throw new RdsIamError("INVALID_INPUT", String(c.invalid), "configuration");
    for (const key of Object.keys(c)) {
      if (OTHER_KINDS.has(key) && c[key] !== undefined) {
        throw new RdsIamError("INVALID_INPUT", "is not a Signer option: Signer signs RDS tokens; use authTokenProvider for the other kinds", key);
      }
    }
    // Other keys are ignored, as the SDK ignores them: so a required field
    // spelled another signer's way (host, user, hostName...) is named here.
    for (const [ours, code] of REQUIRED) {
      const theirs = c[ours] === undefined ? Object.keys(c).find((key) => key !== ours && meantField(key, KNOWN) === ours) : undefined;
      if (theirs !== undefined) throw new RdsIamError(code, `is required; did you mean ${ours} (not ${theirs})?`, ours);
    }
    if (c.profile !== undefined && (typeof c.profile !== "string" || c.profile === "")) {
      throw new RdsIamError("INVALID_INPUT", "must be a profile name", "profile");
    }
    const options: Record<string, unknown> = { service: "rds" }; // the SDK's Signer signs RDS tokens only
    for (const key of PASSED_ON) if (c[key] !== undefined) options[key] = c[key];
    const clamped = typeof c.expiresIn === "number" && c.expiresIn > MAX_EXPIRES_IN;
    if (clamped) options.expiresIn = MAX_EXPIRES_IN;

    const provider = providerFrom(providerSettings(options, { sdkSigner: true, profile: c.profile as string | undefined }));
    if (clamped) {
      const core = coreOf(provider);
      emitWarning(options.onEvent as AuthTokenProviderOptions["onEvent"], core.where, core.clock(), "EXPIRES_IN_CLAMPED",
        `expiresIn ${c.expiresIn} is more than RDS accepts: signed for ${MAX_EXPIRES_IN} s, as the AWS SDK's RDS Signer signs`);
    }
    return provider;
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
}
