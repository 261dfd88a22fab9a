// The signing API every entry exports, over the signing module; and the
// inspect and verify functions inspect.ts binds to the inspect module.

import { fromWasm, RdsIamError, type ErrorCode } from "./errors.js";
import { checkNotExpired, expirationOf, flatten, object, toMillis, wellFormed, type Service, type TokenInput } from "./normalize.js";
import { signingWasm } from "./wasm.js";
import { tokenParam } from "./token-query.js";
import * as DEFAULTS from "./defaults.js";
import type { InspectWasm, WasmTokenSigner } from "./wasm-types.js";

export type TokenInfo = {
  service: Service;
  signingService: string;
  action: string;
  hostname: string;
  port: number | null;
  username: string | null;
  region: string;
  accessKeyId: string;
  signedAt: number;
  expiresIn: number;
  expiresAt: number;
  hasSessionToken: boolean;
  serverless: boolean;
};

export type VerifyOptions = {
  secretAccessKey?: string;
  keys?: Record<string, string>;
  now?: number | Date;
  username?: string;
  hostname?: string;
  port?: number | string;
  skewSeconds?: number;
};

export type VerifyResult = { ok: boolean; code?: ErrorCode; reason?: string };

/** The core's cap on any string input (64 KiB); checked here first, so a huge string is refused before it is scanned or copied into wasm. */
const MAX_TOKEN_LENGTH = 64 * 1024;

/** Whether `token` may be handed to the core: a well-formed string within the cap. */
function tokenText(token: unknown): token is string {
  return typeof token === "string" && token.length <= MAX_TOKEN_LENGTH && wellFormed(token);
}

const tooLong = (token: unknown) => typeof token === "string" && token.length > MAX_TOKEN_LENGTH;

const VERIFY_FIELDS = new Set(["secretAccessKey", "keys", "now", "username", "hostname", "port", "skewSeconds"]);

function call<T>(f: () => T): T {
  try {
    return f();
  } catch (thrown) {
    throw thrown instanceof RdsIamError ? thrown : fromWasm(thrown);
  }
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !wellFormed(value)) {
    throw new RdsIamError("INVALID_INPUT", "must be a well-formed string", field);
  }
  return value;
}

/** The region an RDS, RDS Proxy, Aurora or DSQL endpoint names (the core decides), if any. */
export function endpointRegion(hostname: string): string | undefined {
  return call(() => signingWasm().endpointRegion(hostname)) || undefined;
}

/** Signs one database auth token (sync). */
export function signToken(input: TokenInput): string {
  return call(() => {
    const flat = flatten(input, true);
    const now = toMillis((input as { now?: unknown }).now);
    checkNotExpired(expirationOf(input), now);
    return signingWasm().signToken(flat, now);
  });
}

/** The static parts validated once; `sign(now?)` makes each token. */
export class TokenSigner {
  readonly #inner: WasmTokenSigner;
  readonly #expiration: number | undefined;

  constructor(input: Omit<TokenInput, "now">) {
    this.#inner = call(() => new (signingWasm().TokenSigner)(...flatten(input, false)));
    this.#expiration = call(() => expirationOf(input));
  }

  sign(now?: number | Date): string {
    return call(() => {
      const at = toMillis(now);
      checkNotExpired(this.#expiration, at);
      return this.#inner.sign(at);
    });
  }
}

/** The core's keyed digest of a whole identity (what token caches key by; never the secret). */
export function identityDigest(key: string, accessKeyId: string, secretAccessKey: string, sessionToken?: string): string {
  return call(() => signingWasm().identityDigest(key, accessKeyId, secretAccessKey, sessionToken ?? ""));
}

/** Parses a token into its fields (never the signature or session token).
 * The inspect module is passed in: only inspect.ts loads it, so that what
 * only signs never reaches it. */
export function inspectTokenWith(wasm: InspectWasm, token: string): TokenInfo {
  return call(() => {
    if (!tokenText(token)) {
      throw new RdsIamError("INVALID_TOKEN", tooLong(token) ? "is longer than 64 KiB" : "must be a token string", "token");
    }
    const [service, action, hostname, port, username, region, accessKeyId, signedAt, expiresIn, session, serverless] =
      wasm.inspectToken(token) as [Service, string, string, string, string, string, string, string, string, string, string];
    // The signing service: named by the credential scope (key id/date/region/service/aws4_request) the core accepted.
    return {
      service,
      signingService: tokenParam(token, "X-Amz-Credential")!.split("/")[3]!,
      action,
      hostname,
      port: port === "" ? null : Number(port),
      username: service === "dsql" ? null : username,
      region,
      accessKeyId,
      signedAt: Number(signedAt),
      expiresIn: Number(expiresIn),
      expiresAt: Number(signedAt) + Number(expiresIn) * 1000,
      hasSessionToken: session === "1",
      serverless: serverless === "1",
    };
  });
}

/** Checks a token as the database would; says why it fails. */
export function verifyTokenWith(wasm: InspectWasm, token: string, options: VerifyOptions = {}): VerifyResult {
  const args = call(() => {
    if (typeof options !== "object" || options === null) throw new RdsIamError("INVALID_INPUT", "must be an object", "options");
    for (const key of Object.keys(options)) {
      if (!VERIFY_FIELDS.has(key)) throw new RdsIamError("INVALID_INPUT", "is not a verify option", key);
    }
    const keys: string[] = [];
    if (options.keys !== undefined) {
      for (const [id, secret] of Object.entries(object(options.keys, "keys"))) {
        keys.push(optionalText(id, "keys")!, optionalText(secret, "keys") ?? "");
      }
    }
    const port = options.port;
    if (port !== undefined && typeof port !== "number" && !(typeof port === "string" && /^[0-9]{1,10}$/.test(port))) {
      throw new RdsIamError("INVALID_PORT", "must be an integer from 1 to 65535", "port");
    }
    const skew = options.skewSeconds ?? DEFAULTS.skewSeconds;
    if (typeof skew !== "number") throw new RdsIamError("INVALID_INPUT", "must be a number", "skewSeconds");
    const now = toMillis(options.now);
    if (!Number.isFinite(now) || now < 0) throw new RdsIamError("INVALID_TIME", "must be a finite time after 1970", "now");
    return [
      keys,
      optionalText(options.secretAccessKey, "secretAccessKey"),
      now,
      optionalText(options.username, "username"),
      optionalText(options.hostname, "hostname"),
      port === undefined ? undefined : Number(port),
      skew,
    ] as const;
  });
  if (!tokenText(token)) {
    return { ok: false, code: "INVALID_TOKEN", reason: tooLong(token) ? "is longer than 64 KiB" : "must be a token string" };
  }
  try {
    wasm.verifyToken(token, ...args);
    return { ok: true };
  } catch (thrown) {
    const error = fromWasm(thrown);
    // Bad options (time, port, skew) are the caller's bug: throw those.
    if (["INVALID_TIME", "INVALID_PORT", "INVALID_INPUT"].includes(error.code)) throw error;
    if (error.code === "INTERNAL_ERROR") throw error;
    return { ok: false, code: error.code, reason: error.reason };
  }
}

