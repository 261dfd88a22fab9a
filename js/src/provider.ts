// authTokenProvider: a function to hand a driver as its password, with
// sync(), invalidate(), stats() and close(). The work is ProviderCore's.

import { RdsIamError } from "./errors.js";
import { providerSettings, type AuthTokenProviderOptions, type ProviderSettings } from "./options.js";
import { ProviderCore, type ProviderStats } from "./provider-core.js";
import { redacted } from "./redact.js";
import { readingOptions } from "./option-checks.js";

export type { ProviderStats } from "./provider-core.js";
export type { ProviderCore } from "./provider-core.js";

export interface AuthTokenProvider {
  /** A usable token, from the cache when it holds one. */
  (): Promise<string>;
  /** A token if one can be had without waiting (cached, or signable now); else undefined, and one is fetched in the background. */
  sync(): string | undefined;
  /** Forgets the current token and fetched credentials; a fetch under way is not kept (the next one forces a refresh). */
  invalidate(): void;
  /**
   * Tell it the server refused a login (pass the driver's error: PostgreSQL
   * 28P01/28000, MySQL/MariaDB 1045; others are ignored). The token is
   * dropped so the next connection gets a fresh one, at most once per key
   * every 10 s. True when it was dropped.
   */
  loginRefused(error: unknown): boolean;
  stats(): ProviderStats;
  /**
   * Forgets as invalidate() does, refuses later calls, rejects the calls
   * still waiting, and keeps nothing that work under way brings later.
   * Settles at once: it never waits for a credential provider.
   */
  close(): Promise<void>;
}

// The core behind each provider made here. A WeakMap: a provider is a plain
// function (drivers call it as the password), which has no private fields,
// and pgPool is handed one back inside the caller's config and must know it
// is ours.
const cores = new WeakMap<object, ProviderCore>();

/** The core behind a provider made here (for the driver helpers). */
export function coreOf(provider: AuthTokenProvider): ProviderCore {
  const core = cores.get(provider);
  if (!core) throw new RdsIamError("INVALID_INPUT", "must come from authTokenProvider", "provider");
  return core;
}

/** A token provider to pass as a driver's password: `() => Promise<string>` plus sync/invalidate/stats/close. */
export function authTokenProvider(options: AuthTokenProviderOptions): AuthTokenProvider {
  return providerFrom(readingOptions("options", () => providerSettings(options)));
}

/** A provider over checked settings (authTokenProvider's, or the drop-in Signer's region chain). */
export function providerFrom(settings: ProviderSettings): AuthTokenProvider {
  const core = new ProviderCore(settings);
  const provider = (() => core.get()) as AuthTokenProvider;
  provider.sync = () => core.sync();
  provider.invalidate = () => core.invalidate();
  provider.loginRefused = (error: unknown) => core.loginRefused(error);
  provider.stats = () => core.stats();
  provider.close = () => core.close();
  cores.set(provider, core);
  const w = core.where;
  return redacted(provider, "AuthTokenProvider", () => ({
    service: w.service,
    hostname: w.hostname,
    port: w.port ?? undefined,
    username: w.username ?? undefined,
    region: w.region,
  }));
}
