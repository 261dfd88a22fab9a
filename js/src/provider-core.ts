// The engine behind authTokenProvider: tokens come from the cache while
// usable; a miss signs at once when the credentials are known, else waits
// for one shared credential fetch; a token near the end of its usable life
// is refreshed once in the background while callers keep getting it.
// invalidate() and close() win over work under way: what it fetched or
// signed meanwhile is not kept, and close() settles every waiting caller.

import { RdsIamError, type ErrorCode } from "./errors.js";
import { signToken } from "./signing.js";
import type { Entry } from "./token-store.js";
import { expiredError, expiryOf, type CredentialSource, type Need } from "./credential-source.js";
import { identityId } from "./identity.js";
import type { CredentialIdentity } from "./credentials.js";
import type { ProviderSettings, Where } from "./options.js";
import type { TokenEvent } from "./events.js";
import { isRefusedLogin } from "./recovery.js";

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

/** The caller's clock, checked on every reading: a broken one is INVALID_TIME, not some later symptom. */
function checkedClock(clock: () => number): () => number {
  return () => {
    const t = clock();
    if (typeof t !== "number" || !Number.isFinite(t) || t < 0 || t > 8.64e15) {
      throw new RdsIamError("INVALID_TIME", "must return epoch milliseconds (a finite number from 0)", "clock");
    }
    return t;
  };
}

/** One provider's state: its settings, credential source, cache key and counters. */
export class ProviderCore {
  readonly #s: ProviderSettings;
  readonly #source: CredentialSource;
  readonly #need: Need;
  readonly #clock: () => number;
  /** The key of the token last handed out (stats, loginRefused). */
  #key = "";
  #keyFor: CredentialIdentity | undefined;
  #keyOf = "";
  /** Bumped by invalidate() and close(): work begun before is not kept. */
  #epoch = 0;
  #closed = false;
  /** Rejects when closed: every waiting caller settles at once. */
  readonly #closing: Promise<never>;
  #reject: (error: RdsIamError) => void = noop;
  readonly #stats = { hits: 0, misses: 0, signings: 0, refreshes: 0, credentialFetches: 0, refusedLogins: 0, forcedRefreshes: 0 };
  readonly #failures: Partial<Record<ErrorCode, number>> = {};

  constructor(settings: ProviderSettings) {
    this.#s = settings;
    this.#source = settings.scope.sources.sourceFor(settings.credentials);
    this.#source.attach();
    this.#clock = checkedClock(settings.clock);
    this.#need = { clock: this.#clock, marginMs: settings.marginMs, aheadMs: settings.aheadMs, timeoutMs: settings.credentialTimeoutMs };
    this.#closing = new Promise<never>((_, reject) => (this.#reject = reject));
    this.#closing.catch(noop);
  }

  get where(): Where {
    return this.#s.where;
  }
  get clock(): () => number {
    return this.#clock;
  }

  /** The entry behind the token last handed out. */
  current(): Entry | undefined {
    return this.#key ? this.#s.scope.tokens.peek(this.#key) : undefined;
  }

  get(): Promise<string> {
    if (this.#closed) return Promise.reject(closedError());
    try {
      const token = this.#now();
      return token === undefined ? Promise.race([this.#load(false), this.#closing]) : Promise.resolve(token);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  sync(): string | undefined {
    if (this.#closed) return undefined;
    try {
      const token = this.#now();
      if (token === undefined) this.#load(true).catch(noop); // so a later call finds one
      return token;
    } catch {
      return undefined; // recorded by #sign
    }
  }

  invalidate(force = false): void {
    this.#drop();
    this.#source.forget(force);
  }

  /** Forgets the current token; whatever is under way is not kept. */
  #drop(): void {
    this.#epoch++;
    if (this.#key) this.#s.scope.tokens.remove(this.#key);
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
    let now: number;
    try {
      now = this.#clock();
    } catch {
      return false; // a broken clock: get() reports it
    }
    // A refusal of a token already replaced says nothing about the current one.
    const current = token === undefined || this.current()?.token === token;
    // Per identity too: one identity's refusals must not hold back another's fresh token.
    const forced = current && s.scope.refusals.claim(this.#key || s.keyPrefix, now, s.refusalWindowMs);
    if (forced) {
      this.#stats.forcedRefreshes++;
      this.invalidate(true);
    }
    this.#emit({ type: "refused", forced }, now);
    return forced;
  }

  /** Refuses later calls, rejects the waiting ones, keeps nothing from work under way; settles at once. */
  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#drop();
      // The shared source drops its identity too, but a fetch under way for
      // other providers is not forced to start over.
      this.#source.forget(false, false);
      this.#reject(closedError());
      // The last provider of this source gone: a credential call under way stops waiting (and holds no timer).
      this.#source.detach(closedError());
    }
    return Promise.resolve();
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
    const now = this.#clock();
    const identity = this.#source.peek(now + s.marginMs);
    if (identity === undefined) {
      this.#stats.misses++;
      return undefined;
    }
    const key = this.#cacheKey(identity);
    const entry = this.#lookup(key, now, identity);
    if (entry === undefined) {
      this.#stats.misses++;
      return this.#sign(identity, key, now, false, true).token;
    }
    this.#stats.hits++;
    this.#key = key;
    if (now >= entry.refreshAt && !entry.refreshing) this.#refresh(entry);
    return entry.token;
  }

  /**
   * Waits for credentials, then takes the token another caller signed
   * meanwhile or signs one. When invalidated meanwhile it waits once more
   * (for the fresh fetch that forget() started); a token from credentials
   * fetched before an invalidate() or close() is never stored.
   */
  async #load(background: boolean): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const epoch = this.#epoch;
      // Once invalidated, the source's own retry may already hold the fresh identity.
      const known = attempt > 0 ? this.#source.peek(this.#clock() + this.#s.marginMs) : undefined;
      const identity = known ?? (await this.#fetch(background));
      if (this.#closed) throw closedError();
      const current = epoch === this.#epoch;
      if (!current && attempt === 0) continue;
      const now = this.#clock();
      const key = this.#cacheKey(identity);
      const hit = current ? this.#lookup(key, now, identity) : undefined;
      if (hit) this.#key = key;
      return (hit ?? this.#sign(identity, key, now, background, current)).token;
    }
  }

  /** The usable cached token (by this provider's margin and what it knows of the credentials); none with `cache: false`, where every call signs. */
  #lookup(key: string, now: number, identity: CredentialIdentity): Entry | undefined {
    return this.#s.signEveryCall ? undefined : this.#s.scope.tokens.lookup(key, now, expiryOf(identity) - this.#s.marginMs);
  }

  #fetch(background: boolean): Promise<CredentialIdentity> {
    const { promise, started } = this.#source.fetch(this.#need, () => void this.#stats.credentialFetches++);
    if (started) promise.catch((error) => this.#failed(error, background));
    return promise;
  }

  /** Signs with `identity` and, when `keep` (and not closed), stores the token; only ever called without awaiting in between. */
  #sign(identity: CredentialIdentity, key: string, now: number, background: boolean, keep: boolean): Entry {
    const s = this.#s;
    try {
      const signedAt = Math.floor(now / 1000) * 1000;
      const expiresAt = signedAt + s.expiresInMs;
      const usableUntil = Math.min(expiresAt, expiryOf(identity)) - s.marginMs;
      if (usableUntil <= now) {
        // The credentials end too soon, or (credentials or not) the token's own
        // life is no longer than the margin once the signing time is rounded
        // down to the second (expiresIn 61, safetyMarginSeconds 60.5).
        if (expiryOf(identity) - s.marginMs <= now) throw expiredError(this.#source.label, expiryOf(identity), now, s.marginMs);
        throw new RdsIamError("INVALID_EXPIRES_IN", "leaves no usable time after safetyMarginSeconds (signing times are whole seconds)", "expiresIn");
      }
      // signToken, not a kept TokenSigner: a miss is rare (once per token
      // life), and no wasm-side object outlives the call.
      const token = signToken({ ...s.input, credentials: identity, now });
      this.#stats.signings++;
      const entry: Entry = {
        key,
        token,
        accessKeyId: identity.accessKeyId,
        signedAt,
        expiresAt,
        usableUntil,
        // Never before half the usable life: a short life must not refresh on every call.
        refreshAt: s.aheadMs > 0 ? usableUntil - Math.min(s.aheadMs, (usableUntil - now) / 2) : Infinity,
        refreshing: false,
      };
      if (keep && !this.#closed) {
        s.scope.tokens.store(entry);
        this.#key = key;
      }
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
    this.#emit({ type: "refresh", usableUntil: old.usableUntil }, this.#clock());
    const epoch = this.#epoch;
    const run = async () => {
      await undefined; // off the caller's path
      const s = this.#s;
      if (this.#closed) return;
      try {
        // Credentials that end inside the refresh window would make a token
        // no longer-lived than the old one: fetch (force-refresh) those.
        const identity = this.#source.peek(this.#clock() + s.marginMs + s.aheadMs) ?? (await this.#fetch(true));
        if (this.#closed || epoch !== this.#epoch) return; // invalidated meanwhile: keep nothing
        const now = this.#clock();
        const fresh = this.#sign(identity, this.#cacheKey(identity), now, true, true);
        if (fresh.key !== old.key) s.scope.tokens.remove(old.key, old);
        if (fresh.usableUntil <= old.usableUntil) fresh.refreshAt = now + s.retryMs;
      } catch {
        // recorded by #fetch/#sign; the old token serves until its end
        try {
          old.refreshAt = this.#clock() + s.retryMs;
        } catch {
          old.refreshAt = old.usableUntil;
        }
      } finally {
        old.refreshing = false;
      }
    };
    run().catch(noop);
  }

  /**
   * The cache key: the token's static parts, the safety margin (an entry's
   * usable end is its signer's: a provider with a longer margin must not
   * take a token another would still hand out), and the keyed digest of the
   * whole identity (never the secret).
   */
  #cacheKey(identity: CredentialIdentity): string {
    if (this.#keyFor !== identity) {
      let digest: string;
      try {
        digest = identityId(identity);
      } catch (error) {
        this.#failed(error, false); // credentials no signer would take
        throw error;
      }
      this.#keyOf = `${this.#s.keyPrefix}\n${this.#s.marginMs}\n${identity.accessKeyId}\n${digest}`;
      this.#keyFor = identity;
    }
    return this.#keyOf;
  }

  #failed(error: unknown, background: boolean): void {
    const code: ErrorCode = error instanceof RdsIamError ? error.code : "PROVIDER_FAILED";
    this.#failures[code] = (this.#failures[code] ?? 0) + 1;
    const message = error instanceof RdsIamError ? error.message : "unexpected failure";
    let at: number;
    try {
      at = this.#clock();
    } catch {
      at = Date.now(); // the clock itself is what failed
    }
    this.#emit({ type: "error", background, code, message }, at);
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
