// One credential source as the cache sees it: a static identity, or an
// async provider whose identity is kept until its own expiration (minus the
// caller's margin). Any number of concurrent callers share one provider
// call; a failure is never kept, so the next call asks again. A call that
// does not settle within the caller's timeout fails with TIMEOUT; an
// identity fetched while someone forgot the source is never kept.

import { RdsIamError } from "./errors.js";
import { identity, sourceLabel, type CredentialIdentity, type CredentialProvider, type CredentialsOption } from "./credentials.js";
import { deadline } from "./deadline.js";

/** What a caller needs from an identity, judged when a fetch completes. */
export interface Need {
  readonly clock: () => number;
  /** The identity must still work this long after now (the safety margin). */
  readonly marginMs: number;
  /** Ask the provider for fresher credentials when they end within margin + this. */
  readonly aheadMs: number;
  /** A provider call not settled after this long fails with TIMEOUT. */
  readonly timeoutMs: number;
}

/** Epoch ms at which an identity stops working (Infinity for long-term keys). */
export function expiryOf(c: CredentialIdentity): number {
  return c.expiration === undefined ? Infinity : Date.prototype.getTime.call(c.expiration);
}

function checked(value: unknown, field: string): CredentialIdentity {
  if (typeof value !== "object" || value === null) {
    throw new RdsIamError("INVALID_CREDENTIALS", "must be an object or an async credential provider", field);
  }
  const c = value as Record<string, unknown>;
  for (const key of ["accessKeyId", "secretAccessKey"]) {
    if (typeof c[key] !== "string" || c[key] === "") throw new RdsIamError("INVALID_CREDENTIALS", "is required", `${field}.${key}`);
  }
  if (c.sessionToken !== undefined && c.sessionToken !== null && typeof c.sessionToken !== "string") {
    throw new RdsIamError("INVALID_CREDENTIALS", "must be a string", `${field}.sessionToken`);
  }
  const e = c.expiration;
  // Also Dates from another realm (vm contexts, iframes).
  if (e !== undefined && e !== null && !(Object.prototype.toString.call(e) === "[object Date]" && !Number.isNaN(Date.prototype.getTime.call(e)))) {
    throw new RdsIamError("INVALID_CREDENTIALS", "must be a Date", `${field}.expiration`);
  }
  return identity(value as CredentialIdentity);
}

/** Keeps other errors' text out of ours: it may quote anything. */
function providerError(thrown: unknown): RdsIamError {
  if (thrown instanceof RdsIamError) return thrown;
  const name = (thrown as { name?: unknown } | null)?.name;
  return new RdsIamError("PROVIDER_FAILED", `the credential provider failed (${typeof name === "string" ? name : "unknown"})`, "credentials");
}

/** CREDENTIALS_EXPIRED saying which source and when (never a value but the time). */
export function expiredError(label: string, expiry: number, now: number, marginMs: number): RdsIamError {
  const at = new Date(expiry).toISOString();
  const reason =
    expiry <= now
      ? `the credentials from ${label} expired at ${at}`
      : `the credentials from ${label} expire at ${at}, within the ${marginMs / 1000} s safety margin`;
  return new RdsIamError("CREDENTIALS_EXPIRED", reason, "credentials");
}

export class CredentialSource {
  readonly #provider: CredentialProvider | undefined;
  #value: CredentialIdentity | undefined;
  #expiry = Infinity;
  #inflight: Promise<CredentialIdentity> | undefined;
  #forceNext = false;
  // Bumped by forget(): a fetch that began under an older one is not kept.
  #generation = 0;
  /** Where the identities come from, for messages. */
  readonly label: string;

  constructor(option: CredentialsOption) {
    this.label = sourceLabel(option);
    if (typeof option === "function") {
      this.#provider = option;
    } else {
      this.#value = checked(option, "credentials");
      this.#expiry = expiryOf(this.#value);
    }
  }

  /** The identity if it is known now and works past `until` (epoch ms). */
  peek(until: number): CredentialIdentity | undefined {
    return this.#expiry > until ? this.#value : undefined;
  }

  /**
   * The identity, fetching it if need be. Concurrent callers share one
   * fetch; `started` tells the one that began it (it records failures).
   */
  fetch(need: Need, onCall: () => void): { promise: Promise<CredentialIdentity>; started: boolean } {
    if (!this.#provider) {
      const value = this.#value!;
      let promise: Promise<CredentialIdentity>;
      try {
        const now = need.clock();
        promise = this.#expiry > now + need.marginMs ? Promise.resolve(value) : Promise.reject(expiredError(this.label, this.#expiry, now, need.marginMs));
      } catch (error) {
        promise = Promise.reject(error);
      }
      return { promise, started: true };
    }
    if (this.#inflight) return { promise: this.#inflight, started: false };
    const promise = this.#load(this.#provider, need, onCall);
    this.#inflight = promise;
    const clear = () => {
      if (this.#inflight === promise) this.#inflight = undefined;
    };
    promise.then(clear, clear);
    return { promise, started: true };
  }

  /**
   * Drops a fetched identity: the next call asks the provider again, with
   * forceRefresh when `force`, or when a fetch is under way (its answer may
   * be the stale identity the caller is forgetting, and is not kept).
   * `retry`: the fetch under way asks again itself, so its waiters get the
   * fresh identity (not when a provider is merely closing).
   */
  forget(force = false, retry = true): void {
    if (this.#provider) {
      this.#value = undefined;
      this.#expiry = -Infinity;
      this.#forceNext ||= force || (retry && this.#inflight !== undefined);
      this.#generation++;
    }
  }

  async #call(provider: CredentialProvider, force: boolean, need: Need, onCall: () => void): Promise<CredentialIdentity> {
    onCall();
    let value: unknown;
    try {
      const pending = force ? provider({ forceRefresh: true }) : provider();
      value = await deadline(Promise.resolve(pending), need.timeoutMs, () => {
        return new RdsIamError("TIMEOUT", `${this.label} did not answer within ${need.timeoutMs} ms`, "credentials");
      });
    } catch (thrown) {
      throw providerError(thrown);
    }
    return checked(value, "credentials");
  }

  async #load(provider: CredentialProvider, need: Need, onCall: () => void): Promise<CredentialIdentity> {
    for (let attempt = 0; ; attempt++) {
      const generation = this.#generation;
      const force = this.#forceNext;
      this.#forceNext = false;
      let value = await this.#call(provider, force, need, onCall);
      if (expiryOf(value) <= need.clock() + need.marginMs + need.aheadMs) {
        // Ending soon: SDK providers hand out fresher credentials when asked
        // with forceRefresh. Keep the first answer if that fails.
        try {
          const fresher = await this.#call(provider, true, need, onCall);
          if (expiryOf(fresher) > expiryOf(value)) value = fresher;
        } catch {
          // the first identity may still be usable; judged below
        }
      }
      const current = generation === this.#generation;
      // Forgotten meanwhile (a refused login, invalidate()): ask once more, forcing a refresh.
      if (!current && this.#forceNext && attempt === 0) continue;
      const now = need.clock();
      if (expiryOf(value) <= now + need.marginMs) throw expiredError(this.label, expiryOf(value), now, need.marginMs);
      if (current) {
        this.#value = value;
        this.#expiry = expiryOf(value);
      }
      return value;
    }
  }
}
