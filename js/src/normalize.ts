// The one place the friendly object API is checked and flattened into the
// arguments the wasm boundary takes. Nothing after this reads raw options.

import { RdsIamError, type ErrorCode } from "./errors.js";

export type Service = "rds" | "dsql" | "elasticache" | "memorydb";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface TokenInput {
  service?: Service;
  hostname: string;
  port?: number | string;
  username?: string;
  region: string;
  credentials: Credentials;
  expiresIn?: number;
  now?: number | Date;
  admin?: boolean;
  serverless?: boolean;
}

/** Which optional fields each kind takes; any other present field is NOT_APPLICABLE. */
const KIND_FIELDS: Record<Service, ReadonlyArray<"port" | "username" | "admin" | "serverless">> = {
  rds: ["port", "username"],
  dsql: ["admin"],
  elasticache: ["username", "serverless"],
  memorydb: ["username"],
};

const KNOWN_FIELDS = new Set([
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

const CREDENTIAL_FIELDS = ["accessKeyId", "secretAccessKey", "sessionToken"];

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

/** A plain object's own fields (inherited ones are not input). */
export function object(value: unknown, field: string | undefined): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Object.prototype.toString.call(value) !== "[object Object]") {
    throw new RdsIamError("INVALID_INPUT", "must be a plain object", field);
  }
  // Null prototype: an own "__proto__" key stays a key, not a prototype.
  const own: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) own[key] = (value as Record<string, unknown>)[key];
  return own;
}

/** Credentials may carry more (SDK identities have `expiration`, `accountId`...),
 * but a known field misspelled in case would silently sign without it. */
function credentials(value: unknown): Record<string, unknown> {
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
    if (!KNOWN_FIELDS.has(key) || (key === "now" && !allowNow && present(o.now))) {
      throw new RdsIamError("INVALID_INPUT", key === "now" ? "pass the time to sign()" : "is not a token input field", key);
    }
  }
  const service = (text(o.service, "service", false) ?? "rds") as Service;
  if (!Object.hasOwn(KIND_FIELDS, service)) {
    throw new RdsIamError("INVALID_SERVICE", "must be rds, dsql, elasticache or memorydb", "service");
  }
  for (const field of ["port", "username", "admin", "serverless"] as const) {
    if (present(o[field]) && !KIND_FIELDS[service].includes(field)) {
      throw new RdsIamError("NOT_APPLICABLE", "does not apply to this token kind", field);
    }
  }
  if (!present(o.credentials)) throw new RdsIamError("INVALID_CREDENTIALS", "are required", "credentials");
  const c = credentials(o.credentials);
  return [
    service,
    text(o.hostname, "hostname", true)!,
    port(o.port),
    text(o.username, "username", false),
    text(o.region, "region", true)!,
    text(c.accessKeyId, "credentials.accessKeyId", true)!,
    text(c.secretAccessKey, "credentials.secretAccessKey", true)!,
    text(c.sessionToken, "credentials.sessionToken", false),
    number(o.expiresIn, "expiresIn"),
    flag(o.admin, "admin"),
    flag(o.serverless, "serverless"),
  ];
}
