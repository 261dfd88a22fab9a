// Reading a caller's options object. A getter or a Proxy trap may throw
// anything while we read it, with text that may quote a secret: that is the
// caller's bad input (INVALID_INPUT naming the object), never their error
// passed on. Our own typed errors pass through as they are.

import { RdsIamError } from "./errors.js";
import { errorKind } from "./redact.js";

/** `check()`, which reads the caller's options; what their getters or traps throw becomes INVALID_INPUT naming `field`. */
export function readingOptions<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (thrown) {
    if (thrown instanceof RdsIamError) throw thrown;
    throw new RdsIamError("INVALID_INPUT", `could not be read (${errorKind(thrown)})`, field);
  }
}
