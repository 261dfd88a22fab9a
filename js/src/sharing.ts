// What the token providers given one TokenCache (the `cache` option) share:
// its tokens, one credential source per credentials object (one fetch for
// all), and the refusal window per key. `cache: false` gives a provider a
// scope of its own, holding only its last token.

import { TokenStore } from "./token-store.js";
import { SourceRegistry } from "./source-registry.js";
import { RefusalWindow } from "./recovery.js";

export interface Scope {
  readonly tokens: TokenStore;
  readonly sources: SourceRegistry;
  readonly refusals: RefusalWindow;
}

export function newScope(maxEntries: number): Scope {
  return { tokens: new TokenStore(maxEntries), sources: new SourceRegistry(), refusals: new RefusalWindow() };
}
