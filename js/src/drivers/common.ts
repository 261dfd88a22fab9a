// What every driver helper shares: splitting its own options (database,
// ssl, ...) from the token provider's, and the TLS default.

import { RdsIamError } from "../errors.js";
import { readingOptions } from "../option-checks.js";
import * as DEFAULTS from "../defaults.js";
import type { AuthTokenProviderOptions } from "../options.js";
import { authTokenProvider, coreOf, type AuthTokenProvider, type ProviderCore } from "../provider.js";

/** node:tls's client options besides the two typed below (`tls.ConnectionOptions`). */
type TlsOptionName =
  | "ca" | "cert" | "key" | "pfx" | "passphrase" | "crl" | "ciphers" | "sigalgs" | "ecdhCurve" | "dhparam"
  | "minVersion" | "maxVersion" | "secureProtocol" | "secureOptions" | "secureContext" | "honorCipherOrder"
  | "sessionIdContext" | "ticketKeys" | "sessionTimeout" | "session" | "checkServerIdentity" | "minDHSize"
  | "ALPNProtocols" | "SNICallback" | "requestCert" | "enableTrace" | "allowPartialTrustChain"
  | "clientCertEngine" | "privateKeyEngine" | "privateKeyIdentifier" | "pskCallback" | "highWaterMark"
  | "host" | "port" | "path" | "socket" | "lookup" | "timeout";

/**
 * TLS options as node:tls takes them: a `tls.ConnectionOptions` assigns, and
 * so does a literal such as `{ ca }` (the RDS CA bundle, global-bundle.pem).
 */
export type TlsOptions = { readonly [K in TlsOptionName]?: unknown } & {
  rejectUnauthorized?: boolean | undefined;
  servername?: string | undefined;
};

/** mysql2's own name for the RDS CA bundle it ships (it verifies the server with it). */
export const MYSQL_RDS_PROFILE = "Amazon RDS";

/** What a helper's `ssl` takes (each helper narrows it): TLS options, `true`, `false` (postgres only), mysql2's profile (mysql2 only). */
export type SslOption = TlsOptions | boolean | typeof MYSQL_RDS_PROFILE;

/** The caller's TLS options over `{ rejectUnauthorized: true }`. */
export type VerifiedTls<S> = Omit<S, "rejectUnauthorized"> & { rejectUnauthorized: boolean };

/** The `ssl` a helper hands the driver for the caller's `ssl` of type S (typed so the driver's own config type takes it). */
export type DriverSsl<S> = S extends undefined | true
  ? { rejectUnauthorized: boolean }
  : S extends false
    ? false
    : S extends string
      ? S
      : VerifiedTls<S>;

/** What the database helpers add to the token provider's options. */
export interface DatabaseOptions<S extends SslOption | undefined = SslOption | undefined> {
  database?: string;
  /**
   * TLS options merged over `{ rejectUnauthorized: true }`; pass `{ ca }` with the RDS CA bundle.
   * `true` is TLS with those defaults (pg users write it). `false` (postgres only) turns TLS off, for local stand-ins.
   */
  ssl?: S;
}

export interface Made<E> {
  provider: AuthTokenProvider;
  core: ProviderCore;
  extra: E;
}

/** Splits `own` keys off, makes the provider from the rest (defaults applied first). */
export function make<E extends Record<string, unknown>>(
  options: unknown,
  own: readonly (keyof E & string)[],
  defaults: Partial<AuthTokenProviderOptions> = {},
): Made<Partial<E>> {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new RdsIamError("INVALID_INPUT", "must be an object", "options");
  }
  const rest: Record<string, unknown> = { ...defaults };
  const extra: Record<string, unknown> = {};
  for (const [key, value] of readingOptions("options", () => Object.entries(options))) {
    if (value === undefined) continue;
    ((own as readonly string[]).includes(key) ? extra : rest)[key] = value;
  }
  const provider = authTokenProvider(rest as unknown as AuthTokenProviderOptions);
  return { provider, core: coreOf(provider), extra: extra as Partial<E> };
}

/** The database name, if given, as a string. */
export function database(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new RdsIamError("INVALID_INPUT", "must be a string", "database");
  return value;
}

/**
 * TLS on and verifying by default (also for `true`); the caller's options
 * (say `ca`) merged over that. `false` where `offAllowed`; mysql2's
 * "Amazon RDS" profile where `profileAllowed` (passed on: mysql2 resolves it).
 */
export function tls(value: unknown, family: { offAllowed: boolean; profileAllowed: boolean }): VerifiedTls<object> | false | typeof MYSQL_RDS_PROFILE {
  if (value === undefined || value === true) return { ...DEFAULTS.tls };
  if (value === false && family.offAllowed) return false;
  if (value === MYSQL_RDS_PROFILE && family.profileAllowed) return MYSQL_RDS_PROFILE;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const what = family.profileAllowed ? `TLS options, true or "${MYSQL_RDS_PROFILE}"` : "TLS options or true";
    throw new RdsIamError("INVALID_INPUT", family.offAllowed ? `must be ${what}, or false` : `must be ${what} (TLS is required)`, "ssl");
  }
  return { ...DEFAULTS.tls, ...value };
}

/** Hides a reference to the provider on a config object (not copied by spread, not seen by the driver). */
export function withProvider<T extends object>(target: T, provider: AuthTokenProvider): T {
  Object.defineProperty(target, "provider", { value: provider, enumerable: false });
  return target;
}
