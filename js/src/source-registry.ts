// One CredentialSource per credentials object or provider function, so
// every provider and Signer given the same one (with the same TokenCache)
// shares a single fetch and the identity it brought.

import { CredentialSource } from "./credential-source.js";
import type { CredentialsOption } from "./credentials.js";

/**
 * `sourceFor(credentials)`: the shared source for a credentials object or
 * provider. Held in a WeakMap: keyed by the caller's own objects, which it
 * must not keep alive.
 */
export class SourceRegistry {
  readonly #sources = new WeakMap<object, CredentialSource>();

  sourceFor(credentials: CredentialsOption): CredentialSource {
    let source = this.#sources.get(credentials);
    if (source === undefined) {
      source = new CredentialSource(credentials);
      this.#sources.set(credentials, source);
    }
    return source;
  }
}
