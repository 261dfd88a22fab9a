// Which identity signed a cached token. The key of a cached token holds the
// core's keyed digest of the whole identity (access key id, secret, session
// token), so a token is only ever handed to a caller whose credentials are
// equal in every part; never the secret itself, and never the access key id
// alone (every token shows it in the clear). The digest key is random per
// process, so digests say nothing outside it.

import { identityDigest } from "./signing.js";
import { RdsIamError } from "./errors.js";
import { wellFormed } from "./normalize.js";
import type { CredentialIdentity } from "./credentials.js";

/** As the core caps every string it takes. */
const MAX_FIELD_LENGTH = 64 * 1024;

/**
 * Each part must cross into wasm unchanged: wasm-bindgen turns a lone
 * surrogate into U+FFFD, so "x\uD800" and "x\uFFFD" would share a digest
 * (and a cached token) though only one can sign. And nothing huge is copied.
 */
function checkedPart(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length > MAX_FIELD_LENGTH || !wellFormed(value)) {
    throw new RdsIamError("INVALID_CREDENTIALS", "must be well-formed text of at most 64 KiB", `credentials.${field}`);
  }
  return value;
}

let processKey: string | undefined;
// Identities are frozen objects: digest each once, remembered beside it (a
// frozen object has no room for it) for as long as it lives.
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
    const session = c.sessionToken ?? undefined;
    // The core digests "" as no session token; the signer refuses "": never let them meet.
    if (session === "") throw new RdsIamError("INVALID_CREDENTIALS", "must not be empty; omit it instead", "credentials.sessionToken");
    digest = identityDigest(
      key(),
      checkedPart(c.accessKeyId, "accessKeyId"),
      checkedPart(c.secretAccessKey, "secretAccessKey"),
      session === undefined ? undefined : checkedPart(session, "sessionToken"),
    );
    // Only frozen identities (ours are) are remembered: another object may change.
    if (Object.isFrozen(c)) digests.set(c, digest);
  }
  return digest;
}
