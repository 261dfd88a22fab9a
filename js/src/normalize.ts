// A TokenInput (signToken, TokenSigner, and every token a provider signs)
// checked for its JavaScript types and flattened into the arguments the wasm
// boundary takes; the core judges the values and each kind's rules.

import { RdsIamError, type ErrorCode } from "./errors.js";
import { readingOptions } from "./option-checks.js";
import * as DEFAULTS from "./defaults.js";
import { duration, isoTime } from "./time-text.js";

export type Service = "rds" | "dsql" | "elasticache" | "memorydb";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  /** When temporary credentials stop working: signing at or after it is CREDENTIALS_EXPIRED. */
  expiration?: Date | undefined;
}

export interface TokenInput {
  service?: Service;
  hostname: string;
  port?: number | string;
  username?: string;
  /** Default: the region the endpoint names (RDS, RDS Proxy, Aurora, DSQL hostnames); else REGION_UNAVAILABLE. */
  region?: string;
  credentials: Credentials;
  expiresIn?: number;
  now?: number | Date;
  admin?: boolean;
  serverless?: boolean;
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  "service", "hostname", "port", "username", "region", "credentials", "expiresIn", "now", "admin", "serverless",
]);

/** The flat arguments, in wasm order (without the time). */
export type Flat = [
  service: string,
  hostname: string,
  port: number | undefined,
  username: string | undefined,
  region: string,
  accessKeyId: string,
  secretAccessKey: string,
  sessionToken: string | undefined,
  expiresIn: number | undefined,
  admin: boolean | undefined,
  serverless: boolean | undefined,
];

const present = (v: unknown) => v !== undefined && v !== null;

/** What other signers call our fields: named in the error, so the fix is one word. */
const OTHER_NAMES: Record<string, string> = {
  host: "hostname",
  DBHostname: "hostname",
  endpoint: "hostname",
  user: "username",
  DBUsername: "username",
  dbUser: "username",
  Port: "port",
  Region: "region",
  region_name: "region",
  expires_in: "expiresIn",
  expiresInSeconds: "expiresIn",
  accessKeyId: "credentials",
  secretAccessKey: "credentials",
  sessionToken: "credentials",
};

/** The field among `known` that `key` probably stands for (another signer's name, or ours in other case). */
export function meantField(key: string, known: ReadonlySet<string>): string | undefined {
  const meant = OTHER_NAMES[key] ?? [...known].find((k) => k.toLowerCase() === key.toLowerCase());
  return meant !== undefined && known.has(meant) ? meant : undefined;
}

/** "is not a ... field", with the field the caller probably meant. */
export function unknownField(key: string, what: string, known: ReadonlySet<string>): RdsIamError {
  const meant = meantField(key, known);
  return new RdsIamError("INVALID_INPUT", `is not ${what}${meant === undefined ? "" : `; did you mean ${meant}?`}`, key);
}

/** No real field comes near this; far longer strings would exhaust wasm memory. */
const MAX_TEXT = 64 * 1024;

/** The code a field's bad value gets (wrong types are INVALID_INPUT). */
const FIELD_CODE: Record<string, ErrorCode> = {
  service: "INVALID_SERVICE",
  hostname: "INVALID_HOSTNAME",
  username: "INVALID_USERNAME",
  region: "INVALID_REGION",
  "credentials.accessKeyId": "INVALID_CREDENTIALS",
  "credentials.secretAccessKey": "INVALID_CREDENTIALS",
  "credentials.sessionToken": "INVALID_CREDENTIALS",
};

/** Stands in for the credentials where only the core's judgement of a token's other parts is wanted. */
export const PLACEHOLDER_CREDENTIALS = { accessKeyId: "AKIDPLACEHOLDER", secretAccessKey: "placeholder" };

const CREDENTIAL_FIELDS = ["accessKeyId", "secretAccessKey", "sessionToken", "expiration"];

/** Rejects lone surrogates, which wasm-bindgen would silently turn into U+FFFD. */
export function wellFormed(value: string): boolean {
  const s = value as string & { isWellFormed?: () => boolean };
  return typeof s.isWellFormed === "function"
    ? s.isWellFormed()
    : !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

function text(value: unknown, field: string, required: boolean): string | undefined {
  if (!present(value)) {
    if (required) throw new RdsIamError(FIELD_CODE[field] ?? "INVALID_INPUT", "is required", field);
    return undefined;
  }
  if (typeof value !== "string") throw new RdsIamError("INVALID_INPUT", "must be a string", field);
  if (!wellFormed(value)) throw new RdsIamError("INVALID_INPUT", "must not contain lone surrogates", field);
  if (value.length > MAX_TEXT) throw new RdsIamError(FIELD_CODE[field] ?? "INVALID_INPUT", "is too long", field);
  return value;
}

function port(value: unknown): number | undefined {
  if (!present(value)) return undefined;
  if (typeof value === "string") {
    // A decimal string is normalised to its integer ("05432" -> 5432).
    if (!/^[0-9]{1,10}$/.test(value)) throw new RdsIamError("INVALID_PORT", "must be an integer from 1 to 65535", "port");
    return Number(value);
  }
  if (typeof value !== "number") throw new RdsIamError("INVALID_INPUT", "must be a number or a decimal string", "port");
  return value;
}

function number(value: unknown, field: string): number | undefined {
  if (!present(value)) return undefined;
  if (typeof value !== "number") throw new RdsIamError("INVALID_INPUT", "must be a number", field);
  return value;
}

function flag(value: unknown, field: string): boolean | undefined {
  if (!present(value)) return undefined;
  if (typeof value !== "boolean") throw new RdsIamError("INVALID_INPUT", "must be a boolean", field);
  return value;
}

/** `now` as epoch milliseconds; `Date.now()` when absent. */
export function toMillis(now: unknown): number {
  if (!present(now)) return Date.now();
  // Also Dates from another realm (vm contexts, iframes).
  if (Object.prototype.toString.call(now) === "[object Date]") return Date.prototype.getTime.call(now);
  if (typeof now !== "number") throw new RdsIamError("INVALID_INPUT", "must be a number of epoch milliseconds or a Date", "now");
  return now;
}

/** A copy of an input object's own fields: its prototype inherits nothing. */
const OwnFields = function () {} as unknown as new () => Record<string, unknown>;
OwnFields.prototype = Object.create(null);

/** A plain object's own fields (inherited ones are not input). */
export function object(value: unknown, field: string | undefined): Record<string, unknown> {
  // Read once, here: a getter or Proxy trap that throws is the caller's bad
  // input (INVALID_INPUT naming the object), never their error passed on.
  return readingOptions(field ?? "options", () => {
    if (typeof value !== "object" || value === null || Object.prototype.toString.call(value) !== "[object Object]") {
      throw new RdsIamError("INVALID_INPUT", "must be a plain object", field);
    }
    // Nothing inherited (an own "__proto__" key stays a key, not a
    // prototype), but with V8's fast properties: Object.create(null) makes
    // a dictionary-mode object, ~0.2 us a signToken for its two copies.
    const own = new OwnFields();
    for (const key of Object.keys(value)) own[key] = (value as Record<string, unknown>)[key];
    return own;
  });
}

/** Credentials may carry more (SDK identities have `expiration`, `accountId`...),
 * but a known field misspelled in case would silently sign without it. */
function credentials(value: unknown): Record<string, unknown> {
  if (typeof value === "function") {
    throw new RdsIamError("INVALID_CREDENTIALS", "is a credential provider, and signToken is sync: use authTokenProvider({ credentials }), which awaits and caches it", "credentials");
  }
  if (readingOptions("credentials", () => typeof (value as { then?: unknown } | null)?.then === "function")) {
    throw new RdsIamError("INVALID_CREDENTIALS", "is a Promise: await it first, or use authTokenProvider({ credentials })", "credentials");
  }
  const c = object(value, "credentials");
  for (const key of Object.keys(c)) {
    const known = CREDENTIAL_FIELDS.find((f) => f.toLowerCase() === key.toLowerCase());
    if (known && known !== key) throw new RdsIamError("INVALID_INPUT", "is misspelled", `credentials.${key}`);
  }
  return c;
}

/** Checks a TokenInput (with or without `now`) and flattens it. */
export function flatten(input: unknown, allowNow: boolean): Flat {
  const o = object(input, undefined);
  for (const key of Object.keys(o)) {
    if (key === "now" && !allowNow && present(o.now)) throw new RdsIamError("INVALID_INPUT", "pass the time to sign()", key);
    if (!KNOWN_FIELDS.has(key)) throw unknownField(key, "a token input field", KNOWN_FIELDS);
  }
  // Which kinds exist and which fields each takes are the core's (its kind
  // table): an unknown service or a field the kind does not use comes back
  // from the core as INVALID_SERVICE / NOT_APPLICABLE.
  const service = (text(o.service, "service", false) ?? DEFAULTS.service) as Service;
  // An absent region crosses as "" (the core then reads the endpoint's): an empty one given is no region.
  if (o.region === "") throw new RdsIamError("INVALID_REGION", "must not be empty", "region");
  if (!present(o.credentials)) throw new RdsIamError("INVALID_CREDENTIALS", "are required", "credentials");
  const c = credentials(o.credentials);
  return [
    service,
    text(o.hostname, "hostname", true)!,
    port(o.port),
    text(o.username, "username", false),
    // "" asks the core for the endpoint's own region (REGION_UNAVAILABLE when it names none).
    text(o.region, "region", false) ?? "",
    text(c.accessKeyId, "credentials.accessKeyId", true)!,
    text(c.secretAccessKey, "credentials.secretAccessKey", true)!,
    text(c.sessionToken, "credentials.sessionToken", false),
    number(o.expiresIn, "expiresIn"),
    flag(o.admin, "admin"),
    flag(o.serverless, "serverless"),
  ];
}

/** When the input's credentials stop working (epoch ms), if they say. */
export function expirationOf(input: unknown): number | undefined {
  const e = (input as { credentials?: { expiration?: unknown } } | null)?.credentials?.expiration;
  if (!present(e)) return undefined;
  // Also Dates from another realm (vm contexts, iframes).
  const ms = Object.prototype.toString.call(e) === "[object Date]" ? Date.prototype.getTime.call(e) : NaN;
  if (Number.isNaN(ms)) throw new RdsIamError("INVALID_CREDENTIALS", "must be a valid Date", "credentials.expiration");
  return ms;
}

/** Credentials used at or after their expiration sign tokens AWS refuses: say so, and when. */
export function checkNotExpired(expiration: number | undefined, now: number): void {
  if (expiration !== undefined && now >= expiration) {
    throw new RdsIamError(
      "CREDENTIALS_EXPIRED",
      `expired at ${isoTime(expiration)}, ${duration(now - expiration)} before the signing time: fetch fresh credentials`,
      "credentials",
    );
  }
}
