// authTokenProvider's options (also the drop-in Signer's and the driver
// helpers', which pass theirs on) checked once, defaulted from defaults.ts
// and resolved into ProviderSettings. Nothing after this reads raw options.

import { RdsIamError } from "./errors.js";
import { flatten, PLACEHOLDER_CREDENTIALS, unknownField, type Service, type TokenInput } from "./normalize.js";
import { signToken } from "./signing.js";
import { tokenParam } from "./token-query.js";
import { findRegion, hostRegion, regionUnavailable, type RegionQuery } from "./region.js";
import { scopeOf, TokenCache } from "./cache.js";
import { newScope, type Scope } from "./sharing.js";
import * as DEFAULTS from "./defaults.js";
import { runtimeDefaultCredentials, type CredentialsOption } from "./credentials.js";
import { emitWarning, type TokenEvent } from "./events.js";
import { optionalFunction, seconds, timeoutOption } from "./option-checks.js";

/** Options of authTokenProvider: TokenInput without `now`, plus the cache's. */
export interface AuthTokenProviderOptions extends Omit<TokenInput, "now" | "region" | "credentials"> {
  /**
   * Default: the endpoint's own region (RDS, RDS Proxy, Aurora, DSQL hostnames), then AWS_REGION, then
   * AWS_DEFAULT_REGION, then (Node) the shared config profile's region. A region unlike the endpoint's is
   * signed as given and reported through `onEvent` (a `warning` with code REGION_MISMATCH).
   */
  region?: string;
  /** An identity or an async provider (any AWS SDK v3 one). Default: the default credential chain in Node; required elsewhere. */
  credentials?: CredentialsOption;
  /** Epoch ms; default Date.now. */
  clock?: () => number;
  /** A token is not handed out later than this many seconds before it or its credentials expire; default 60. */
  safetyMarginSeconds?: number;
  /** One background refresh starts this many seconds before the usable end (at most half the usable life); default 120; 0 turns it off. */
  refreshAheadSeconds?: number;
  /** Default: TokenCache.default, shared by the process. `false` signs a new token on every call (credentials are still kept until they expire). */
  cache?: TokenCache | false;
  /** Told of signings, background refreshes and errors (never a token or secret). */
  onEvent?: (event: TokenEvent) => void;
  /** A credential provider call not settled after this many seconds fails with TIMEOUT; default 10. */
  credentialTimeoutSeconds?: number;
}

const TOKEN_FIELDS = ["service", "hostname", "port", "username", "region", "expiresIn", "admin", "serverless"] as const;
const OWN_FIELDS = ["credentials", "clock", "safetyMarginSeconds", "refreshAheadSeconds", "cache", "onEvent", "credentialTimeoutSeconds"] as const;
const KNOWN = new Set<string>([...TOKEN_FIELDS, ...OWN_FIELDS]);

// Stand in for the real credentials (and a region still to be resolved) while the static fields are checked.
const PLACEHOLDER_REGION = "us-east-1";

/** The parts of a token that never change, as the events and driver helpers show them. */
export interface Where {
  readonly service: Service;
  readonly hostname: string;
  readonly port: number | null;
  readonly username: string | null;
  readonly region: string;
}

export interface ProviderSettings {
  /** For signToken, with the credentials and time still to come. */
  readonly input: Omit<TokenInput, "now" | "credentials">;
  readonly where: Where;
  /** The cache key without the access key id. */
  readonly keyPrefix: string;
  readonly credentials: CredentialsOption;
  readonly clock: () => number;
  readonly expiresInMs: number;
  readonly marginMs: number;
  readonly aheadMs: number;
  readonly retryMs: number;
  readonly refusalWindowMs: number;
  readonly credentialTimeoutMs: number;
  /** What this provider shares with the others given the same cache. */
  readonly scope: Scope;
  /** `cache: false`: every call signs; `scope` is then a private one holding only the last token. */
  readonly signEveryCall: boolean;
  readonly onEvent: ((event: TokenEvent) => void) | undefined;
}

const systemClock = () => Date.now();

/** Checks authTokenProvider options once, fills the defaults and resolves the region (`chain`: the Signer's profile and SDK rules). */
export function providerSettings(options: unknown, chain: Omit<RegionQuery, "given" | "hostname"> = {}): ProviderSettings {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new RdsIamError("INVALID_INPUT", "must be an object", "options");
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key === "now" && o.now !== undefined) throw new RdsIamError("INVALID_INPUT", "a provider reads its clock: pass clock", key);
    if (!KNOWN.has(key) && o[key] !== undefined) throw unknownField(key, "an option here", KNOWN);
  }
  const token: Record<string, unknown> = {};
  for (const key of TOKEN_FIELDS) if (o[key] !== undefined && o[key] !== null) token[key] = o[key];

  const found = findRegion({ ...chain, given: token.region, hostname: token.hostname });
  // The JS checks, then the core's (ranges, hostnames), with placeholder
  // credentials; every other field is judged before a missing region is.
  const check = { ...token, region: found ?? PLACEHOLDER_REGION, credentials: PLACEHOLDER_CREDENTIALS };
  const [service, hostname, port, given, region, , , , , admin, serverless] = flatten(check, false);
  const probe = signToken({ ...(check as unknown as TokenInput), now: 0 });
  // The lifetime as the core signs it: the given one, or the core's default.
  const expiresIn = Number(tokenParam(probe, "X-Amz-Expires"));
  // The user as the core signs it (ElastiCache user ids lower-cased): the name the server knows, which a cache client must AUTH with.
  const username = given === undefined ? undefined : (tokenParam(probe, "DBUser") ?? tokenParam(probe, "User") ?? given);
  if (found === undefined) throw regionUnavailable(chain.sdkSigner);
  token.region = found;

  const marginSeconds = seconds(o.safetyMarginSeconds, "safetyMarginSeconds", DEFAULTS.safetyMarginSeconds);
  if (expiresIn <= marginSeconds) {
    throw new RdsIamError("INVALID_EXPIRES_IN", "must be longer than safetyMarginSeconds", "expiresIn");
  }
  const signEveryCall = o.cache === false;
  const cache = signEveryCall ? undefined : (o.cache ?? TokenCache.default);
  if (cache !== undefined && !(cache instanceof TokenCache)) throw new RdsIamError("INVALID_INPUT", "must be a TokenCache or false", "cache");

  const credentials = o.credentials ?? runtimeDefaultCredentials(chain.profile);
  if (typeof credentials !== "function" && (typeof credentials !== "object" || credentials === null)) {
    throw new RdsIamError("INVALID_CREDENTIALS", "must be an object or an async credential provider", "credentials");
  }

  const settings: ProviderSettings = {
    input: token as ProviderSettings["input"],
    where: { service: service as Service, hostname, port: port ?? null, username: username ?? null, region },
    keyPrefix: JSON.stringify([service, region, hostname, port ?? null, username ?? null, !!admin, !!serverless, expiresIn]),
    credentials: credentials as CredentialsOption,
    clock: optionalFunction<() => number>(o.clock, "clock") ?? systemClock,
    expiresInMs: expiresIn * 1000,
    marginMs: marginSeconds * 1000,
    // Nothing is reused without the cache, so nothing is refreshed ahead.
    aheadMs: signEveryCall ? 0 : seconds(o.refreshAheadSeconds, "refreshAheadSeconds", DEFAULTS.refreshAheadSeconds) * 1000,
    retryMs: DEFAULTS.refreshRetrySeconds * 1000,
    refusalWindowMs: DEFAULTS.refusalWindowSeconds * 1000,
    credentialTimeoutMs: timeoutOption(
      typeof o.credentialTimeoutSeconds === "number" ? o.credentialTimeoutSeconds * 1000 : o.credentialTimeoutSeconds,
      "credentialTimeoutSeconds",
      DEFAULTS.credentialTimeoutSeconds * 1000,
    ),
    scope: cache === undefined ? newScope(1) : scopeOf(cache),
    signEveryCall,
    onEvent: optionalFunction(o.onEvent, "onEvent"),
  };
  const endpoint = hostRegion(hostname);
  if (endpoint !== undefined && endpoint !== region) {
    emitWarning(settings.onEvent, settings.where, settings.clock(), "REGION_MISMATCH",
      `signing for region ${region}, but the endpoint ${hostname} is in ${endpoint}: AWS refuses the token unless the database really is in ${region}`);
  }
  return settings;
}
