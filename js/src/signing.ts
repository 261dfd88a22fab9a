// The signing API every entry exports, over the signing module; and the
// inspect and verify functions inspect.ts binds to the inspect module.

import { fromWasm, RdsIamError, type ErrorCode } from "./errors.js";
import { flatten, object, toMillis, wellFormed, type Service, type TokenInput } from "./normalize.js";
import { signingWasm } from "./wasm.js";
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

const SIGNING_SERVICE: Record<Service, string> = {
  rds: "rds-db",
  dsql: "dsql",
  elasticache: "elasticache",
  memorydb: "memorydb",
};

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

/** Signs one database auth token (sync). */
export function signToken(input: TokenInput): string {
  return call(() => {
    const flat = flatten(input, true);
    return signingWasm().signToken(...flat, toMillis((input as { now?: unknown }).now));
  });
}

/** The static parts validated once; `sign(now?)` makes each token. */
export class TokenSigner {
  readonly #inner: WasmTokenSigner;

  constructor(input: Omit<TokenInput, "now">) {
    this.#inner = call(() => new (signingWasm().TokenSigner)(...flatten(input, false)));
  }

  sign(now?: number | Date): string {
    return call(() => this.#inner.sign(toMillis(now)));
  }
}

/** Parses a token into its fields (never the signature or session token).
 * The inspect module is passed in: only inspect.ts loads it, so that what
 * only signs never reaches it. */
export function inspectTokenWith(wasm: InspectWasm, token: string): TokenInfo {
  return call(() => {
    if (typeof token !== "string" || !wellFormed(token)) {
      throw new RdsIamError("INVALID_TOKEN", "must be a token string", "token");
    }
    const [service, action, hostname, port, username, region, accessKeyId, signedAt, expiresIn, session, serverless] =
      wasm.inspectToken(token) as [Service, string, string, string, string, string, string, string, string, string, string];
    return {
      service,
      signingService: SIGNING_SERVICE[service],
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
    const skew = options.skewSeconds ?? 300;
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
  if (typeof token !== "string" || !wellFormed(token)) {
    return { ok: false, code: "INVALID_TOKEN", reason: "must be a token string" };
  }
  try {
    wasm.verifyToken(token, ...args);
    return { ok: true };
  } catch (thrown) {
    const error = fromWasm(thrown);
    // Bad options (time, port, skew) are the caller's bug: throw those.
    if (["INVALID_TIME", "INVALID_PORT", "INVALID_INPUT"].includes(error.code)) throw error;
    const reason = error.message.slice(error.message.indexOf(": ") + 2);
    return { ok: false, code: error.code, reason };
  }
}

