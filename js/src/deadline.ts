// Timers that cannot overflow, and a deadline for any promise. setTimeout
// takes a signed 32-bit delay: anything larger (or NaN) fires at once, so
// every timeout option is checked against MAX_TIMEOUT_MS, and every timer
// we start is clamped to it as well.

import { RdsIamError } from "./errors.js";

/** The longest delay setTimeout honours (about 24.8 days). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** A timeout option in milliseconds: a positive number up to MAX_TIMEOUT_MS, else INVALID_INPUT naming `field`. */
export function timeoutOption(value: unknown, field: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    throw new RdsIamError("INVALID_INPUT", `must be a positive number of milliseconds, at most ${MAX_TIMEOUT_MS}`, field);
  }
  return value;
}

/** setTimeout with the delay clamped to what it honours. */
export function startTimer(callback: () => void, ms: number): ReturnType<typeof setTimeout> {
  const delay = Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_TIMEOUT_MS) : MAX_TIMEOUT_MS;
  return setTimeout(callback, delay);
}

/** `promise`, or the error `late()` builds when it has not settled within `ms`. */
export function deadline<T>(promise: Promise<T>, ms: number, late: () => RdsIamError): Promise<T> {
  return cancellableDeadline(promise, ms, late).promise;
}

/**
 * deadline(), plus `cancel(error)`: rejects with `error` at once and stops
 * the timer, so nobody left waiting keeps the process alive (a closed
 * provider's fetch of a credential provider that never answers).
 */
export function cancellableDeadline<T>(promise: Promise<T>, ms: number, late: () => RdsIamError): { promise: Promise<T>; cancel: (error: RdsIamError) => void } {
  let cancel: (error: RdsIamError) => void = () => {};
  const bounded = new Promise<T>((resolve, reject) => {
    const timer = startTimer(() => reject(late()), ms);
    cancel = (error) => {
      clearTimeout(timer);
      reject(error);
    };
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
  return { promise: bounded, cancel };
}
