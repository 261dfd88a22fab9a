// Which identity signed a cached token. The key of a cached token holds the
// core's keyed digest of the whole identity (access key id, secret, session
// token), so a token is only ever handed to a caller whose credentials are
// equal in every part; never the secret itself, and never the access key id
// alone (every token shows it in the clear). The digest key is random per
// process, so digests say nothing outside it.

import { identityDigest } from "./signing.js";
import type { CredentialIdentity } from "./credentials.js";

let processKey: string | undefined;
// Identities are immutable objects of ours: digest each once.
const digests = new WeakMap<object, string>();

/** 32 random bytes as hex, made once per process. */
function key(): string {
  // crypto.getRandomValues: Node 20, Workers and browsers alike.
  processKey ??= Array.from(globalThis.crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
  return processKey;
}

/** The keyed digest of `c` (64 hex digits). */
export function identityId(c: CredentialIdentity): string {
  let digest = digests.get(c);
  if (digest === undefined) {
    digest = identityDigest(key(), c.accessKeyId, c.secretAccessKey, c.sessionToken ?? undefined);
    // Only frozen identities (ours are) are remembered: another object may change.
    if (Object.isFrozen(c)) digests.set(c, digest);
  }
  return digest;
}
