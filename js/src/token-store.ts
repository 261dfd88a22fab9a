// The tokens a TokenCache holds: a bounded LRU keyed by everything that
// changes a token, the whole signing identity included (as a keyed digest,
// see identity.ts). Entries carry their usable end (token or credential
// expiry, minus the safety margin) and are never handed out past it, nor
// when signed after "now" (the clock stepped back: the database would
// refuse a token from its future).

/** One cached token. Internal: never leaves this package. */
export interface Entry {
  readonly key: string;
  readonly token: string;
  readonly accessKeyId: string;
  /** When it was signed (epoch ms, whole seconds). */
  readonly signedAt: number;
  /** When the token itself expires (epoch ms). */
  readonly expiresAt: number;
  /** After this (epoch ms) the token is not handed out. */
  readonly usableUntil: number;
  /** From this (epoch ms) one background refresh may start. */
  refreshAt: number;
  refreshing: boolean;
}

/** A token signed more than this after "now" is a miss: the clock went back. */
export const FUTURE_SKEW_MS = 1000;

/**
 * The LRU (its members are documented here: the bundles keep comments
 * written inside a class body).
 *
 * - `lookup(key, now, until)`: a usable entry (marked most recently used),
 *   or undefined; drops it if past its usable end or signed in the future.
 *   `until` is the caller's own end (its credentials' expiry less its
 *   margin): an entry another provider stored for the same identity may
 *   outlive what this caller was told.
 * - `peek(key)`: the entry as it is, without touching its place or checking time.
 * - `store(entry)`: stores it as the most recently used, evicting the least
 *   recently used beyond `maxEntries` (counted in `evictions`).
 * - `remove(key, entry?)`: removes `key`, or only `entry` when given and still the one stored.
 * - `size`: tokens held now (some may be past their usable end until looked up); `clear()` forgets them all.
 */
export class TokenStore {
  readonly #entries = new Map<string, Entry>();
  evictions = 0;

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.#entries.size;
  }

  lookup(key: string, now: number, until = Infinity): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (!(now < entry.usableUntil) || !(entry.signedAt <= now + FUTURE_SKEW_MS)) return undefined;
    this.#entries.set(key, entry);
    return now < until ? entry : undefined;
  }

  peek(key: string): Entry | undefined {
    return this.#entries.get(key);
  }

  store(entry: Entry): void {
    this.#entries.delete(entry.key);
    this.#entries.set(entry.key, entry);
    while (this.#entries.size > this.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
      this.evictions++;
    }
  }

  remove(key: string, entry?: Entry): void {
    if (entry === undefined || this.#entries.get(key) === entry) this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
