// Every default of the package, in one table. Options are checked where
// each public function takes them (with the checks in option-checks.ts);
// what a caller leaves out comes from here. Token lifetimes are the core's
// (a token's kind decides them): none is here.
//
// Read as `import * as DEFAULTS from "./defaults.js"`: one export per
// default, so a bundle keeps only the defaults it uses.

import type { Service } from "./normalize.js";

/** The token kind when none is given. */
export const service: Service = "rds";

// authTokenProvider, Signer and the driver helpers (seconds).
export const safetyMarginSeconds = 60;
export const refreshAheadSeconds = 120;
/** After a background refresh that failed or gained nothing, wait this long before the next. */
export const refreshRetrySeconds = 10;
/** A refused login forces a fresh token at most once per key in this many seconds. */
export const refusalWindowSeconds = 10;
/** A credential provider call not settled after this many seconds fails with TIMEOUT. */
export const credentialTimeoutSeconds = 10;
/** TokenCache: the tokens kept. */
export const maxEntries = 1000;

// The driver helpers.
export const postgresPort = 5432;
export const mysqlPort = 3306;
/** redisOptions' token kind. */
export const redisService: Service = "elasticache";
/** TLS for the database drivers: on, and verifying the server (RDS requires TLS). */
export const tls: { readonly rejectUnauthorized: true } = { rejectUnauthorized: true };

/** verifyToken: the clock difference allowed, seconds, as the databases allow it. */
export const skewSeconds = 300;

/** rotateHyperdrivePassword: the Cloudflare API and its per-request timeout (ms). */
export const hyperdrive = { apiBaseUrl: "https://api.cloudflare.com", timeoutMs: 10_000 } as const;

/** A Node credential source's requests: per-request timeout (ms) and tries in all (client errors are never retried). */
export interface Attempts {
  readonly timeoutMs: number;
  readonly maxAttempts: number;
}
/** The SDKs' one try and three retries. */
export const container: Attempts = { timeoutMs: 1000, maxAttempts: 4 };
export const instanceMetadata: Attempts = { timeoutMs: 1000, maxAttempts: 3 };
export const webIdentity: Attempts = { timeoutMs: 5000, maxAttempts: 3 };
