// TokenCache: the public handle on a bounded LRU of signed tokens
// (token-store.ts). Providers and Signers given the same cache share its
// tokens and their credential fetches (sharing.ts). One shared default per
// process; authTokenProvider and Signer use it unless given another.

import { RdsIamError } from "./errors.js";
import { redactedClass } from "./redact.js";
import { readingOptions } from "./option-checks.js";
import * as DEFAULTS from "./defaults.js";
import { newScope, type Scope } from "./sharing.js";
import type { TokenStore } from "./token-store.js";

export interface TokenCacheOptions {
  /** Most tokens kept (least recently used go first); default 1000. */
  maxEntries?: number;
}

export interface TokenCacheStats {
  size: number;
  maxEntries: number;
  evictions: number;
}

// Each cache's scope, for the providers using it. A WeakMap, not a public
// member: JS has no package-private members, and no other code in the
// process may reach the process-wide cache's tokens (nor store one there to
// be handed to another caller).
const SCOPES = new WeakMap<TokenCache, Scope>();

/** What the providers using `cache` share. */
export function scopeOf(cache: TokenCache): Scope {
  return SCOPES.get(cache)!;
}

// The process-wide cache, made on first use. Outside the class: a class
// that names itself inside its body is bundled as `class _TokenCache`,
// which util.inspect would print.
let shared: TokenCache | undefined;
const sharedCache = (): TokenCache => (shared ??= new TokenCache());

export class TokenCache {
  readonly #tokens: TokenStore;

  /** The process-wide cache used when none is passed. */
  static get default(): TokenCache {
    return sharedCache();
  }

  constructor(options: TokenCacheOptions = {}) {
    const max = readingOptions("options", () => {
      if (typeof options !== "object" || options === null) throw new RdsIamError("INVALID_INPUT", "must be an object", "options");
      for (const key of Object.keys(options)) {
        if (key !== "maxEntries") throw new RdsIamError("INVALID_INPUT", "is not a cache option", key);
      }
      const max = options.maxEntries ?? DEFAULTS.maxEntries;
      if (!Number.isSafeInteger(max) || max < 1) throw new RdsIamError("INVALID_INPUT", "must be a positive integer", "maxEntries");
      return max;
    });
    const scope = newScope(max);
    this.#tokens = scope.tokens;
    SCOPES.set(this, scope);
    printsRedacted();
  }

  get maxEntries(): number {
    return this.#tokens.maxEntries;
  }

  /** Tokens held now (some may be past their usable end until looked up). */
  get size(): number {
    return this.#tokens.size;
  }

  /** Forgets every token. */
  clear(): void {
    this.#tokens.clear();
  }

  stats(): TokenCacheStats {
    return { size: this.#tokens.size, maxEntries: this.#tokens.maxEntries, evictions: this.#tokens.evictions };
  }
}

// How caches print, given to the prototype when the first cache is made:
// a call at the top level would be a side effect, and keep TokenCache (and
// the whole provider engine under it) in bundles that only sign.
let faced = false;
function printsRedacted(): void {
  if (faced) return;
  faced = true;
  redactedClass(TokenCache.prototype, "TokenCache", (self: TokenCache) => ({ size: self.size, maxEntries: self.maxEntries }));
}
