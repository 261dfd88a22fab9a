// Timers that cannot overflow, and a deadline for any promise. setTimeout
// takes a signed 32-bit delay: anything larger (or NaN) fires at once, so
// every timeout option is checked against MAX_TIMEOUT_MS (option-checks.ts),
// and every timer we start is clamped to it as well.

import { RdsIamError } from "./errors.js";

/** The longest delay setTimeout honours (about 24.8 days). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

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
