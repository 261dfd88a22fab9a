// One credential source as the cache sees it: a static identity, or an
// async provider whose identity is kept until its own expiration (minus the
// caller's margin). Any number of concurrent callers share one provider
// call; a failure is never kept, so the next call asks again.

import { RdsIamError } from "./errors.js";
import { identity, type CredentialIdentity, type CredentialProvider, type CredentialsOption } from "./credentials.js";

/** What a caller needs from an identity, judged when a fetch completes. */
export interface Need {
  readonly clock: () => number;
  /** The identity must still work this long after now (the safety margin). */
  readonly marginMs: number;
  /** Ask the provider for fresher credentials when they end within margin + this. */
  readonly aheadMs: number;
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

function expired(): RdsIamError {
  return new RdsIamError("CREDENTIALS_EXPIRED", "the credentials expire within the safety margin", "credentials");
}

export class CredentialSource {
  readonly #provider: CredentialProvider | undefined;
  #value: CredentialIdentity | undefined;
  #expiry = Infinity;
  #inflight: Promise<CredentialIdentity> | undefined;
  #forceNext = false;

  constructor(option: CredentialsOption) {
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
      const ok = this.#expiry > need.clock() + need.marginMs;
      return { promise: ok ? Promise.resolve(value) : Promise.reject(expired()), started: true };
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

  /** Drops a fetched identity (the next call asks the provider again, with forceRefresh when `force`). */
  forget(force = false): void {
    if (this.#provider) {
      this.#value = undefined;
      this.#expiry = -Infinity;
      this.#forceNext ||= force;
    }
  }

  async #call(provider: CredentialProvider, force: boolean, onCall: () => void): Promise<CredentialIdentity> {
    onCall();
    let value: unknown;
    try {
      value = await (force ? provider({ forceRefresh: true }) : provider());
    } catch (thrown) {
      throw providerError(thrown);
    }
    return checked(value, "credentials");
  }

  async #load(provider: CredentialProvider, need: Need, onCall: () => void): Promise<CredentialIdentity> {
    const force = this.#forceNext;
    this.#forceNext = false;
    let value = await this.#call(provider, force, onCall);
    if (expiryOf(value) <= need.clock() + need.marginMs + need.aheadMs) {
      // Ending soon: SDK providers hand out fresher credentials when asked
      // with forceRefresh. Keep the first answer if that fails.
      try {
        const fresher = await this.#call(provider, true, onCall);
        if (expiryOf(fresher) > expiryOf(value)) value = fresher;
      } catch {
        // the first identity may still be usable; judged below
      }
    }
    if (expiryOf(value) <= need.clock() + need.marginMs) throw expired();
    this.#value = value;
    this.#expiry = expiryOf(value);
    return value;
  }
}
