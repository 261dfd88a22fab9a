// What authTokenProvider tells `onEvent`. Never a token, secret or session
// token: the access key id is an identifier, printed inside every token.

import type { ErrorCode } from "./errors.js";
import type { Service } from "./normalize.js";

interface About {
  service: Service;
  hostname: string;
  port: number | null;
  username: string | null;
  region: string;
  /** The clock's time of the event (epoch ms). */
  at: number;
}

export type TokenEvent =
  | (About & {
      type: "sign";
      /** True for a refresh-ahead signing no caller waited on. */
      background: boolean;
      accessKeyId: string;
      expiresAt: number;
      usableUntil: number;
    })
  | (About & { type: "refresh"; usableUntil: number })
  /** A refused login was reported; `forced` when that dropped the token (at most once per key per window). */
  | (About & { type: "refused"; forced: boolean })
  | (About & { type: "error"; background: boolean; code: ErrorCode; message: string })
  /** Said once, when the provider (or a Signer's first getAuthToken) is set up: the token is signed, but check this. */
  | (About & { type: "warning"; code: TokenEventWarningCode; message: string });

/**
 * REGION_MISMATCH: a given region unlike the one the endpoint names (signed as given).
 * EXPIRES_IN_CLAMPED: the drop-in Signer was asked for more than 900 s and signs for 900 s, as the SDK's does.
 */
export type TokenEventWarningCode = "REGION_MISMATCH" | "EXPIRES_IN_CLAMPED";

/** Tells `listener` of a warning; a listener's failure must not break token delivery. */
export function emitWarning(
  listener: ((event: TokenEvent) => void) | undefined,
  about: Omit<About, "at">,
  at: number,
  code: TokenEventWarningCode,
  message: string,
): void {
  try {
    listener?.({ type: "warning", code, message, ...about, at });
  } catch {
    // ignored, as for every other event
  }
}
