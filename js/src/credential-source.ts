// One credential source as the cache sees it: a static identity, or an
// async provider whose identity is kept until its own expiration (minus the
// caller's margin). Any number of concurrent callers share one provider
// call; a failure is never kept, so the next call asks again. A call that
// does not settle within the caller's timeout fails with TIMEOUT; an
// identity fetched while someone forgot the source is never kept.

import { RdsIamError } from "./errors.js";
import { callProvider, identity, isIdentity, sourceLabel, type CredentialIdentity, type CredentialProvider, type CredentialsOption } from "./credentials.js";
import { cancellableDeadline } from "./deadline.js";
import { errorKind } from "./redact.js";

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

/**
 * The caller's credentials as one of our frozen identities. Each field is
 * read exactly once (a getter could answer the check one value and the
 * signer another) and a getter that throws is INVALID_CREDENTIALS, never
 * its own error (whose text may quote anything). The expiration is copied:
 * a Date stays mutable, and the cache judges the time it was given.
 */
export function checked(value: unknown, field: string): CredentialIdentity {
  if (typeof value !== "object" || value === null) {
    throw new RdsIamError("INVALID_CREDENTIALS", "must be an object or an async credential provider", field);
  }
  if (isIdentity(value)) return value; // ours: frozen, already checked
  const c = value as Record<string, unknown>;
  const read = (key: string): unknown => {
    try {
      return c[key];
    } catch {
      throw new RdsIamError("INVALID_CREDENTIALS", "could not be read", `${field}.${key}`);
    }
  };
  const accessKeyId = read("accessKeyId");
  const secretAccessKey = read("secretAccessKey");
  const sessionToken = read("sessionToken");
  const e = read("expiration");
  for (const [key, part] of [["accessKeyId", accessKeyId], ["secretAccessKey", secretAccessKey]] as const) {
    if (typeof part !== "string" || part === "") throw new RdsIamError("INVALID_CREDENTIALS", "is required", `${field}.${key}`);
  }
  if (sessionToken !== undefined && sessionToken !== null && typeof sessionToken !== "string") {
    throw new RdsIamError("INVALID_CREDENTIALS", "must be a string", `${field}.sessionToken`);
  }
  if (sessionToken === "") {
    // As the signer says. Kept from the cache too: the core digests "" as no session token, which would
    // hand this identity the token of the same keys without one, or an error, by what the cache holds.
    throw new RdsIamError("INVALID_CREDENTIALS", "must not be empty; omit it instead", `${field}.sessionToken`);
  }
  let expiration: Date | undefined;
  if (e !== undefined && e !== null) {
    // Also Dates from another realm (vm contexts, iframes); never a string or number (which time zone, which unit?).
    let time = NaN;
    try {
      if (Object.prototype.toString.call(e) === "[object Date]") time = Date.prototype.getTime.call(e);
    } catch {
      time = NaN; // a Proxy or an object dressed as a Date
    }
    if (Number.isNaN(time)) throw new RdsIamError("INVALID_CREDENTIALS", "must be a Date", `${field}.expiration`);
    expiration = new Date(time);
  }
  return identity({
    accessKeyId: accessKeyId as string,
    secretAccessKey: secretAccessKey as string,
    sessionToken: (sessionToken ?? undefined) as string | undefined,
    expiration,
  });
}

/** Whether a static credentials object now says what `known` (our snapshot of it) says; reads nothing twice, throws nothing. */
function unchanged(value: object, known: CredentialIdentity): boolean {
  try {
    const c = value as Record<string, unknown>;
    if (c.accessKeyId !== known.accessKeyId || c.secretAccessKey !== known.secretAccessKey) return false;
    if ((c.sessionToken ?? undefined) !== known.sessionToken) return false;
    const e = c.expiration ?? undefined;
    if (e === undefined || known.expiration === undefined) return e === known.expiration;
    return Object.prototype.toString.call(e) === "[object Date]" && Date.prototype.getTime.call(e) === known.expiration.getTime();
  } catch {
    return false; // checked() says what is wrong
  }
}

/** Keeps other errors' text out of ours: it may quote anything. */
export function providerError(thrown: unknown): RdsIamError {
  if (thrown instanceof RdsIamError) return thrown;
  return new RdsIamError("PROVIDER_FAILED", `the credential provider failed (${errorKind(thrown)})`, "credentials");
}

/** CREDENTIALS_EXPIRED saying which source and when (never a value but the time). */
export function expiredError(label: string, expiry: number, now: number, marginMs: number): RdsIamError {
  const at = Number.isFinite(expiry) && Math.abs(expiry) <= 8.64e15 ? new Date(expiry).toISOString() : "an unknown time";
  const reason =
    expiry <= now
      ? `the credentials from ${label} expired at ${at}`
      : `the credentials from ${label} expire at ${at}, within the ${marginMs / 1000} s safety margin`;
  return new RdsIamError("CREDENTIALS_EXPIRED", reason, "credentials");
}

export class CredentialSource {
  readonly #provider: CredentialProvider | undefined;
  /** A static credentials object of the caller's, read again on every use: it may be changed in place. */
  readonly #object: object | undefined;
  #value: CredentialIdentity | undefined;
  #expiry = Infinity;
  #inflight: Promise<CredentialIdentity> | undefined;
  #forceNext = false;
  // Bumped by forget(): a fetch that began under an older one is not kept.
  #generation = 0;
  /** Open providers using this source; when the last one closes, calls under way stop waiting. */
  #users = 0;
  /** Stops the provider call under way (its timer too), if any. */
  readonly #cancels = new Set<(error: RdsIamError) => void>();
  /** Why the last provider closed, for a fetch that began before: it asks nothing more. */
  #abandoned: { error: RdsIamError } | undefined;
  /** Where the identities come from, for messages. */
  readonly label: string;

  constructor(option: CredentialsOption) {
    this.label = sourceLabel(option);
    if (typeof option === "function") {
      this.#provider = option;
    } else {
      this.#value = checked(option, "credentials");
      this.#expiry = expiryOf(this.#value);
      if (this.#value !== option) this.#object = option;
    }
  }

  /**
   * The identity if it is known now and works past `until` (epoch ms). A
   * static object changed since it was last read (a key rotated in place)
   * is read again: a token is only ever signed with, and handed to, the
   * identity the object holds now.
   */
  peek(until: number): CredentialIdentity | undefined {
    this.#reread();
    return this.#expiry > until ? this.#value : undefined;
  }

  #reread(): void {
    const object = this.#object;
    if (object !== undefined && !unchanged(object, this.#value!)) {
      this.#value = checked(object, "credentials");
      this.#expiry = expiryOf(this.#value);
    }
  }

  /**
   * The identity, fetching it if need be. Concurrent callers share one
   * fetch; `started` tells the one that began it (it records failures).
   */
  fetch(need: Need, onCall: () => void): { promise: Promise<CredentialIdentity>; started: boolean } {
    if (!this.#provider) {
      let promise: Promise<CredentialIdentity>;
      try {
        this.#reread();
        const value = this.#value!;
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

  /** A provider (or Signer) starts using this source. */
  attach(): void {
    this.#users++;
  }

  /** Throws when the last user closed since `mark` was taken: a fetch then asks the provider nothing more. */
  #stillWanted(mark: { error: RdsIamError } | undefined): void {
    const abandoned = this.#abandoned;
    if (abandoned !== mark && abandoned !== undefined) throw abandoned.error;
  }

  /**
   * A provider using this source closed. When it was the last, a provider
   * call under way is abandoned with `error`: its timer stops, so a call
   * that never settles holds nothing (the process can exit), and its
   * answer, if one ever comes, is not kept.
   */
  detach(error: RdsIamError): void {
    this.#users = Math.max(0, this.#users - 1);
    if (this.#users > 0) return;
    this.#abandoned = { error };
    for (const cancel of [...this.#cancels]) cancel(error);
    // A provider made right after must start its own fetch, not share the abandoned one.
    this.#inflight = undefined;
  }

  async #call(provider: CredentialProvider, force: boolean, need: Need, onCall: () => void): Promise<CredentialIdentity> {
    onCall();
    let value: unknown;
    let cancel: ((error: RdsIamError) => void) | undefined;
    const stop = new AbortController();
    try {
      const pending = callProvider(provider, force, stop.signal);
      const call = cancellableDeadline(Promise.resolve(pending), need.timeoutMs, () => {
        return new RdsIamError("TIMEOUT", `${this.label} did not answer within ${need.timeoutMs} ms`, "credentials");
      });
      cancel = (error) => {
        this.#generation++; // whatever it brings is not kept
        call.cancel(error);
        stop.abort(); // our own sources end their requests now
      };
      this.#cancels.add(cancel);
      value = await call.promise;
    } catch (thrown) {
      throw providerError(thrown);
    } finally {
      if (cancel) this.#cancels.delete(cancel);
    }
    return checked(value, "credentials");
  }

  async #load(provider: CredentialProvider, need: Need, onCall: () => void): Promise<CredentialIdentity> {
    const mark = this.#abandoned;
    for (let attempt = 0; ; attempt++) {
      const generation = this.#generation;
      const force = this.#forceNext;
      this.#forceNext = false;
      let value = await this.#call(provider, force, need, onCall);
      this.#stillWanted(mark);
      if (expiryOf(value) <= need.clock() + need.marginMs + need.aheadMs) {
        // Ending soon: SDK providers hand out fresher credentials when asked
        // with forceRefresh. Keep the first answer if that fails.
        try {
          const fresher = await this.#call(provider, true, need, onCall);
          if (expiryOf(fresher) > expiryOf(value)) value = fresher;
        } catch {
          // the first identity may still be usable; judged below
        }
        this.#stillWanted(mark);
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
