// TokenCache: a bounded LRU of signed tokens, keyed by everything that
// changes a token, the whole signing identity included (as a keyed digest,
// see identity.ts). Entries carry their usable end (token or credential
// expiry, minus the safety margin) and are never handed out past it, nor
// when signed after "now" (the clock stepped back: the database would
// refuse a token from its future).
// One shared default per process; authTokenProvider and Signer use it
// unless given another.

import { RdsIamError } from "./errors.js";
import { redactedClass } from "./redact.js";
import { readingOptions } from "./read-options.js";
import { CredentialSource } from "./credential-source.js";
import type { CredentialsOption } from "./credentials.js";

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

export interface TokenCacheOptions {
  /** Most tokens kept (least recently used go first); default 1000. */
  maxEntries?: number;
}

export interface TokenCacheStats {
  size: number;
  maxEntries: number;
  evictions: number;
}

const DEFAULT_MAX_ENTRIES = 1000;
/** A token signed more than this after "now" is a miss: the clock went back. */
export const FUTURE_SKEW_MS = 1000;

let entriesOf: (cache: TokenCache) => Map<string, Entry>;
let sourcesOf: (cache: TokenCache) => WeakMap<object, CredentialSource>;
let evicted: (cache: TokenCache) => void;

export class TokenCache {
  static #shared: TokenCache | undefined;
  readonly #entries = new Map<string, Entry>();
  // One source per credentials object or provider function, so every
  // provider and Signer given the same one shares a single fetch.
  readonly #sources = new WeakMap<object, CredentialSource>();
  readonly #max: number;
  #evictions = 0;

  static {
    entriesOf = (cache) => cache.#entries;
    sourcesOf = (cache) => cache.#sources;
    evicted = (cache) => void cache.#evictions++;
  }

  /** The process-wide cache used when none is passed. */
  static get default(): TokenCache {
    return (TokenCache.#shared ??= new TokenCache());
  }

  constructor(options: TokenCacheOptions = {}) {
    this.#max = readingOptions("options", () => {
      if (typeof options !== "object" || options === null) throw new RdsIamError("INVALID_INPUT", "must be an object", "options");
      for (const key of Object.keys(options)) {
        if (key !== "maxEntries") throw new RdsIamError("INVALID_INPUT", "is not a cache option", key);
      }
      const max = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
      if (!Number.isSafeInteger(max) || max < 1) throw new RdsIamError("INVALID_INPUT", "must be a positive integer", "maxEntries");
      return max;
    });
  }

  get maxEntries(): number {
    return this.#max;
  }

  /** Tokens held now (some may be past their usable end until looked up). */
  get size(): number {
    return this.#entries.size;
  }

  /** Forgets every token. */
  clear(): void {
    this.#entries.clear();
  }

  stats(): TokenCacheStats {
    return { size: this.#entries.size, maxEntries: this.#max, evictions: this.#evictions };
  }
}
redactedClass(TokenCache.prototype, "TokenCache", (self: TokenCache) => ({ size: self.size, maxEntries: self.maxEntries }));

/**
 * A usable entry (marked most recently used), or undefined; drops it if
 * past its usable end or signed in the future. `until` is the caller's own
 * end (its credentials' expiry less its margin): an entry another provider
 * stored for the same identity may outlive what this caller was told.
 */
export function lookup(cache: TokenCache, key: string, now: number, until = Infinity): Entry | undefined {
  const entries = entriesOf(cache);
  const entry = entries.get(key);
  if (entry === undefined) return undefined;
  entries.delete(key);
  if (!(now < entry.usableUntil) || !(entry.signedAt <= now + FUTURE_SKEW_MS)) return undefined;
  entries.set(key, entry);
  return now < until ? entry : undefined;
}

/** The entry under `key` as it is, without touching its place or checking time. */
export function peekEntry(cache: TokenCache, key: string): Entry | undefined {
  return entriesOf(cache).get(key);
}

/** Stores an entry as the most recently used, evicting the least recently used beyond the bound. */
export function store(cache: TokenCache, entry: Entry): void {
  const entries = entriesOf(cache);
  entries.delete(entry.key);
  entries.set(entry.key, entry);
  while (entries.size > cache.maxEntries) {
    entries.delete(entries.keys().next().value!);
    evicted(cache);
  }
}

/** Removes `key`, or only `entry` when given and still the one stored. */
export function remove(cache: TokenCache, key: string, entry?: Entry): void {
  const entries = entriesOf(cache);
  if (entry === undefined || entries.get(key) === entry) entries.delete(key);
}

/** The shared source for a credentials object or provider. */
export function sourceFor(cache: TokenCache, credentials: CredentialsOption): CredentialSource {
  const sources = sourcesOf(cache);
  let source = sources.get(credentials);
  if (source === undefined) {
    source = new CredentialSource(credentials);
    sources.set(credentials, source);
  }
  return source;
}
