// The engine behind authTokenProvider: tokens come from the cache while
// usable; a miss signs at once when the credentials are known, else waits
// for one shared credential fetch; a token near the end of its usable life
// is refreshed once in the background while callers keep getting it.

import { RdsIamError, type ErrorCode } from "./errors.js";
import { signToken } from "./signing.js";
import { lookup, peekEntry, remove, sourceFor, store, type Entry } from "./cache.js";
import { expiryOf, type CredentialSource, type Need } from "./credential-source.js";
import type { CredentialIdentity } from "./credentials.js";
import type { Settings, Where } from "./options.js";
import type { TokenEvent } from "./events.js";
import { claimForcedRefresh, isRefusedLogin } from "./recovery.js";

export interface ProviderStats {
  /** Calls served from the cache without waiting. */
  hits: number;
  /** Calls that signed or waited for credentials. */
  misses: number;
  signings: number;
  /** Background refreshes started. */
  refreshes: number;
  /** Calls into the credential provider. */
  credentialFetches: number;
  /** Refused logins reported (loginRefused, pgPool, the mysql2 plugin). */
  refusedLogins: number;
  /** Of those, the ones that dropped the token so the next connection got a fresh one. */
  forcedRefreshes: number;
  /** Failed fetches or signings, by error code. */
  failures: Partial<Record<ErrorCode, number>>;
  /** The current token's expiry and usable end (epoch ms), or null. */
  expiresAt: number | null;
  usableUntil: number | null;
}

const noop = () => {};

/** One provider's state: its settings, credential source, cache key and counters. */
export class ProviderCore {
  readonly #s: Settings;
  readonly #source: CredentialSource;
  readonly #need: Need;
  readonly #pending = new Set<Promise<unknown>>();
  #keyFor: CredentialIdentity | undefined;
  #key = "";
  #closed = false;
  readonly #stats = { hits: 0, misses: 0, signings: 0, refreshes: 0, credentialFetches: 0, refusedLogins: 0, forcedRefreshes: 0 };
  readonly #failures: Partial<Record<ErrorCode, number>> = {};

  constructor(settings: Settings) {
    this.#s = settings;
    this.#source = sourceFor(settings.cache, settings.credentials);
    this.#need = { clock: settings.clock, marginMs: settings.marginMs, aheadMs: settings.aheadMs };
  }

  get where(): Where {
    return this.#s.where;
  }
  get clock(): () => number {
    return this.#s.clock;
  }

  /** The entry behind the token last handed out. */
  current(): Entry | undefined {
    return this.#key ? peekEntry(this.#s.cache, this.#key) : undefined;
  }

  get(): Promise<string> {
    if (this.#closed) return Promise.reject(closedError());
    try {
      const token = this.#now();
      return token === undefined ? this.#load(false) : Promise.resolve(token);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  sync(): string | undefined {
    if (this.#closed) return undefined;
    try {
      const token = this.#now();
      if (token === undefined) this.#track(this.#load(true)).catch(noop); // so a later call finds one
      return token;
    } catch {
      return undefined; // recorded by #sign
    }
  }

  invalidate(force = false): void {
    if (this.#key) remove(this.#s.cache, this.#key);
    this.#source.forget(force);
    this.#keyFor = undefined;
    this.#key = "";
  }

  /**
   * A login was refused (the driver's error; the token it sent, when
   * known). A refusal of the current token drops it and its credentials
   * (fetched again with forceRefresh) at most once per key per window, so
   * the next connection gets one fresh token. Returns whether it did.
   */
  loginRefused(error: unknown, token?: string): boolean {
    if (this.#closed || !isRefusedLogin(error)) return false;
    this.#stats.refusedLogins++;
    const s = this.#s;
    const now = s.clock();
    // A refusal of a token already replaced says nothing about the current one.
    const current = token === undefined || this.current()?.token === token;
    const forced = current && claimForcedRefresh(s.cache, s.keyPrefix, now, s.refusalWindowMs);
    if (forced) {
      this.#stats.forcedRefreshes++;
      this.invalidate(true);
    }
    this.#emit({ type: "refused", forced }, now);
    return forced;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.invalidate();
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
  }

  stats(): ProviderStats {
    const entry = this.current();
    return {
      ...this.#stats,
      failures: { ...this.#failures },
      expiresAt: entry?.expiresAt ?? null,
      usableUntil: entry?.usableUntil ?? null,
    };
  }

  /**
   * The cached token, or one signed now when the credentials are known;
   * undefined when they must be awaited. Counts the call as a hit or miss.
   */
  #now(): string | undefined {
    const s = this.#s;
    const now = s.clock();
    const identity = this.#source.peek(now + s.marginMs);
    if (identity === undefined) {
      this.#stats.misses++;
      return undefined;
    }
    const key = this.#cacheKey(identity);
    const entry = this.#lookup(key, now);
    if (entry === undefined) {
      this.#stats.misses++;
      return this.#sign(identity, key, now, false).token;
    }
    this.#stats.hits++;
    if (now >= entry.refreshAt && !entry.refreshing) this.#refresh(entry);
    return entry.token;
  }

  /** Waits for credentials, then takes the token another caller signed meanwhile or signs one. */
  async #load(background: boolean): Promise<string> {
    const identity = await this.#fetch(background);
    const now = this.#s.clock();
    const key = this.#cacheKey(identity);
    return (this.#lookup(key, now) ?? this.#sign(identity, key, now, background)).token;
  }

  /** The usable cached token; none with `cache: false`, where every call signs. */
  #lookup(key: string, now: number): Entry | undefined {
    return this.#s.signEveryCall ? undefined : lookup(this.#s.cache, key, now);
  }

  #fetch(background: boolean): Promise<CredentialIdentity> {
    const { promise, started } = this.#source.fetch(this.#need, () => void this.#stats.credentialFetches++);
    if (started) promise.catch((error) => this.#failed(error, background));
    return promise;
  }

  /** Signs with `identity` and stores the token; only ever called without awaiting in between. */
  #sign(identity: CredentialIdentity, key: string, now: number, background: boolean): Entry {
    const s = this.#s;
    try {
      const expiresAt = Math.floor(now / 1000) * 1000 + s.expiresInMs;
      const usableUntil = Math.min(expiresAt, expiryOf(identity)) - s.marginMs;
      if (usableUntil <= now) {
        throw new RdsIamError("CREDENTIALS_EXPIRED", "the credentials expire within the safety margin", "credentials");
      }
      // signToken, not a kept TokenSigner: a miss is rare (once per token
      // life), and no wasm-side object outlives the call.
      const token = signToken({ ...s.input, credentials: identity, now });
      this.#stats.signings++;
      const entry: Entry = {
        key,
        token,
        accessKeyId: identity.accessKeyId,
        expiresAt,
        usableUntil,
        // Never before half the usable life: a short life must not refresh on every call.
        refreshAt: s.aheadMs > 0 ? usableUntil - Math.min(s.aheadMs, (usableUntil - now) / 2) : Infinity,
        refreshing: false,
      };
      store(s.cache, entry);
      this.#key = key;
      this.#emit({ type: "sign", background, accessKeyId: entry.accessKeyId, expiresAt, usableUntil }, now);
      return entry;
    } catch (error) {
      this.#failed(error, background);
      throw error;
    }
  }

  /** One background refresh for `old`; callers keep getting it meanwhile. */
  #refresh(old: Entry): void {
    old.refreshing = true;
    this.#stats.refreshes++;
    this.#emit({ type: "refresh", usableUntil: old.usableUntil }, this.#s.clock());
    const run = async () => {
      await undefined; // off the caller's path
      const s = this.#s;
      if (this.#closed) return;
      try {
        // Credentials that end inside the refresh window would make a token
        // no longer-lived than the old one: fetch (force-refresh) those.
        const identity = this.#source.peek(s.clock() + s.marginMs + s.aheadMs) ?? (await this.#fetch(true));
        if (this.#closed) return;
        const now = s.clock();
        const fresh = this.#sign(identity, this.#cacheKey(identity), now, true);
        if (fresh.key !== old.key) remove(s.cache, old.key, old);
        if (fresh.usableUntil <= old.usableUntil) fresh.refreshAt = now + s.retryMs;
      } catch {
        old.refreshAt = s.clock() + s.retryMs; // recorded by #fetch/#sign; the old token serves until its end
      } finally {
        old.refreshing = false;
      }
    };
    this.#track(run()).catch(noop);
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#pending.add(promise);
    const done = () => this.#pending.delete(promise);
    promise.then(done, done);
    return promise;
  }

  #cacheKey(identity: CredentialIdentity): string {
    if (this.#keyFor !== identity) {
      this.#key = this.#s.keyPrefix + "\n" + identity.accessKeyId;
      this.#keyFor = identity;
    }
    return this.#key;
  }

  #failed(error: unknown, background: boolean): void {
    const code: ErrorCode = error instanceof RdsIamError ? error.code : "PROVIDER_FAILED";
    this.#failures[code] = (this.#failures[code] ?? 0) + 1;
    const message = error instanceof RdsIamError ? error.message : "unexpected failure";
    this.#emit({ type: "error", background, code, message }, this.#s.clock());
  }

  #emit(event: Record<string, unknown> & { type: TokenEvent["type"] }, at: number): void {
    const listener = this.#s.onEvent;
    if (!listener) return;
    try {
      listener({ ...event, ...this.#s.where, at } as TokenEvent);
    } catch {
      // a listener's failure must not break token delivery
    }
  }
}

function closedError(): RdsIamError {
  return new RdsIamError("INVALID_INPUT", "the token provider is closed", "provider");
}
