// What every driver helper shares: splitting its own options (database,
// ssl, ...) from the token provider's, and the TLS default.

import { RdsIamError } from "../errors.js";
import { DEFAULTS, type AuthTokenProviderOptions } from "../options.js";
import { authTokenProvider, coreOf, type AuthTokenProvider, type ProviderCore } from "../provider.js";

/** TLS options as node:tls takes them (ca: the RDS CA bundle, global-bundle.pem). */
export type TlsOptions = Record<string, unknown>;

/** What the database helpers add to the token provider's options. */
export interface DatabaseOptions {
  database?: string;
  /** TLS options merged over `{ rejectUnauthorized: true }`; pass `{ ca }` with the RDS CA bundle. `false` (postgres only) turns TLS off, for local stand-ins. */
  ssl?: TlsOptions | false;
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
  for (const [key, value] of Object.entries(options)) {
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

/** TLS on and verifying by default; the caller's options (say `ca`) merged over that. */
export function tls(value: unknown, offAllowed: boolean): TlsOptions | false {
  if (value === undefined) return { ...DEFAULTS.tls };
  if (value === false && offAllowed) return false;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new RdsIamError("INVALID_INPUT", offAllowed ? "must be TLS options or false" : "must be TLS options (TLS is required)", "ssl");
  }
  return { ...DEFAULTS.tls, ...value };
}

/** Hides a reference to the provider on a config object (not copied by spread, not seen by the driver). */
export function withProvider<T extends object>(target: T, provider: AuthTokenProvider): T {
  Object.defineProperty(target, "provider", { value: provider, enumerable: false });
  return target;
}
