// The checks every public function's options go through: reading the
// caller's object safely, and each kind of value an option takes. Each
// function checks its own options once, with these, and fills what is left
// out from defaults.ts; nothing after that reads raw options.
//
// Reading: a getter or a Proxy trap may throw anything while we read it,
// with text that may quote a secret: that is the caller's bad input
// (INVALID_INPUT naming the object), never their error passed on. Our own
// typed errors pass through as they are.

import { RdsIamError } from "./errors.js";
import { errorKind } from "./redact.js";
import { MAX_TIMEOUT_MS } from "./deadline.js";

/** `check()`, which reads the caller's options; what their getters or traps throw becomes INVALID_INPUT naming `field`. */
export function readingOptions<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (thrown) {
    if (thrown instanceof RdsIamError) throw thrown;
    throw new RdsIamError("INVALID_INPUT", `could not be read (${errorKind(thrown)})`, field);
  }
}

/** A timeout option in milliseconds: a positive number up to MAX_TIMEOUT_MS, else INVALID_INPUT naming `field`. */
export function timeoutOption(value: unknown, field: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    throw new RdsIamError("INVALID_INPUT", `must be a positive number of milliseconds, at most ${MAX_TIMEOUT_MS}`, field);
  }
  return value;
}

/** An optional number of seconds, 0 or more. */
export function seconds(value: unknown, field: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RdsIamError("INVALID_INPUT", "must be a number of seconds, 0 or more", field);
  }
  return value;
}

/** An optional positive number (milliseconds, attempts, seconds). */
export function positive(value: unknown, field: string, fallback: number, integer = false): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new RdsIamError("INVALID_INPUT", integer ? "must be a positive integer" : "must be a positive number", field);
  }
  return value;
}

/** An optional non-empty string. */
export function text(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value === "") throw new RdsIamError("INVALID_INPUT", "must be a non-empty string", field);
  return value;
}

/** An optional function. */
export function optionalFunction<T>(value: unknown, field: string): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "function") throw new RdsIamError("INVALID_INPUT", "must be a function", field);
  return value as T;
}

/** `value` as an http: or https: URL, else undefined (the caller says what is wrong). */
export function httpUrl(value: unknown): URL | undefined {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  return url && /^https?:$/.test(url.protocol) ? url : undefined;
}
