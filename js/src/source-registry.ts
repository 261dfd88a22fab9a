// One CredentialSource per credentials object or provider function, so
// every provider and Signer given the same one (with the same TokenCache)
// shares a single fetch and the identity it brought.

import { CredentialSource } from "./credential-source.js";
import type { CredentialsOption } from "./credentials.js";

export class SourceRegistry {
  // A WeakMap: keyed by the caller's own objects, which it must not keep alive.
  readonly #sources = new WeakMap<object, CredentialSource>();

  /** The shared source for a credentials object or provider. */
  sourceFor(credentials: CredentialsOption): CredentialSource {
    let source = this.#sources.get(credentials);
    if (source === undefined) {
      source = new CredentialSource(credentials);
      this.#sources.set(credentials, source);
    }
    return source;
  }
}
