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
  | (About & { type: "error"; background: boolean; code: ErrorCode; message: string });
