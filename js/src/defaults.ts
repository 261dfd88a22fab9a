// Every default of the package, in one table. Options are checked where
// each public function takes them (with the checks in option-checks.ts);
// what a caller leaves out comes from here. Token lifetimes are the core's
// (a token's kind decides them): none is here.

import type { Service } from "./normalize.js";

interface Attempts {
  /** Per request, milliseconds. */
  readonly timeoutMs: number;
  /** Tries in all (client errors are never retried). */
  readonly maxAttempts: number;
}

interface Defaults {
  /** The token kind when none is given. */
  readonly service: Service;
  // authTokenProvider, Signer and the driver helpers, in seconds.
  readonly safetyMarginSeconds: number;
  readonly refreshAheadSeconds: number;
  /** After a background refresh that failed or gained nothing, wait this long before the next. */
  readonly refreshRetrySeconds: number;
  /** A refused login forces a fresh token at most once per key in this many seconds. */
  readonly refusalWindowSeconds: number;
  /** A credential provider call not settled after this many seconds fails with TIMEOUT. */
  readonly credentialTimeoutSeconds: number;
  /** TokenCache: the tokens kept. */
  readonly maxEntries: number;
  // The driver helpers.
  readonly postgresPort: number;
  readonly mysqlPort: number;
  /** redisOptions' token kind. */
  readonly redisService: Service;
  /** TLS for the database drivers: on, and verifying the server (RDS requires TLS). */
  readonly tls: { readonly rejectUnauthorized: true };
  /** verifyToken: the clock difference allowed, seconds, as the databases allow it. */
  readonly skewSeconds: number;
  /** rotateHyperdrivePassword: the Cloudflare API and its per-request timeout. */
  readonly hyperdrive: { readonly apiBaseUrl: string; readonly timeoutMs: number };
  // The Node credential sources. Container: the SDKs' one try and three retries.
  readonly container: Attempts;
  readonly instanceMetadata: Attempts;
  readonly webIdentity: Attempts;
}

export const DEFAULTS: Defaults = {
  service: "rds",
  safetyMarginSeconds: 60,
  refreshAheadSeconds: 120,
  refreshRetrySeconds: 10,
  refusalWindowSeconds: 10,
  credentialTimeoutSeconds: 10,
  maxEntries: 1000,
  postgresPort: 5432,
  mysqlPort: 3306,
  redisService: "elasticache",
  tls: { rejectUnauthorized: true },
  skewSeconds: 300,
  hyperdrive: { apiBaseUrl: "https://api.cloudflare.com", timeoutMs: 10_000 },
  container: { timeoutMs: 1000, maxAttempts: 4 },
  instanceMetadata: { timeoutMs: 1000, maxAttempts: 3 },
  webIdentity: { timeoutMs: 5000, maxAttempts: 3 },
};
