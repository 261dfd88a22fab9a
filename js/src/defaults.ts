// Every default of the package, in one table. Options are checked where
// each public function takes them (with the checks in option-checks.ts);
// what a caller leaves out comes from here. Token lifetimes are the core's
// (a token's kind decides them): none is here.

export const DEFAULTS = {
  // authTokenProvider, Signer and the driver helpers (seconds).
  safetyMarginSeconds: 60,
  refreshAheadSeconds: 120,
  /** After a background refresh that failed or gained nothing, wait this long before the next. */
  refreshRetrySeconds: 10,
  /** A refused login forces a fresh token at most once per key in this many seconds. */
  refusalWindowSeconds: 10,
  /** A credential provider call not settled after this many seconds fails with TIMEOUT. */
  credentialTimeoutSeconds: 10,
  /** TokenCache: tokens kept. */
  maxEntries: 1000,
  // The driver helpers.
  postgresPort: 5432,
  mysqlPort: 3306,
  /** redisOptions' token kind. */
  redisService: "elasticache",
  /** TLS for the database drivers: on, and verifying the server (RDS requires TLS). */
  tls: { rejectUnauthorized: true },
  /** verifyToken: the clock difference allowed, as the databases allow it. */
  skewSeconds: 300,
  /** rotateHyperdrivePassword. */
  hyperdrive: { apiBaseUrl: "https://api.cloudflare.com", timeoutMs: 10_000 },
  // The Node credential sources: per request, and tries (client errors are never retried).
  container: { timeoutMs: 1000, maxAttempts: 4 }, // the SDKs' one try and three retries
  instanceMetadata: { timeoutMs: 1000, maxAttempts: 3 },
  webIdentity: { timeoutMs: 5000, maxAttempts: 3 },
} as const;
