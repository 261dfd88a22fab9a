// RdsIamError: one error class with a stable code and, for input errors,
// the field as the caller spelled it. Messages are built from the code, the
// field and a fixed reason only: never from a value the caller passed.

export const ERROR_CODES = [
  "INVALID_INPUT",
  "INVALID_SERVICE",
  "INVALID_HOSTNAME",
  "INVALID_PORT",
  "INVALID_USERNAME",
  "INVALID_REGION",
  "INVALID_CREDENTIALS",
  "INVALID_EXPIRES_IN",
  "INVALID_TIME",
  "NOT_APPLICABLE",
  "INVALID_TOKEN",
  "SIGNATURE_MISMATCH",
  "EXPIRED",
  "NOT_YET_VALID",
  "WRONG_USER",
  "WRONG_HOST",
  "UNKNOWN_ACCESS_KEY",
  "CREDENTIALS_UNAVAILABLE",
  "CREDENTIALS_EXPIRED",
  "REGION_UNAVAILABLE",
  "PROVIDER_FAILED",
  "TIMEOUT",
  "HTTP_ERROR",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

// Node's ESM and CommonJS builds are separate copies of this class; the
// brand lets `instanceof` hold across them (an error from a CommonJS
// dependency is an RdsIamError to ESM code too).
const BRAND = Symbol.for("rds-iam-edge.RdsIamError");

export class RdsIamError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && BRAND in value;
  }

  override readonly name = "RdsIamError";
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, reason: string, field?: string) {
    super(field ? `${code} (${field}): ${reason}` : `${code}: ${reason}`);
    this.code = code;
    this.field = field;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** Turns what the wasm boundary throws (`CODE\tfield\treason`) into an RdsIamError. */
export function fromWasm(thrown: unknown): RdsIamError {
  if (typeof thrown === "string") {
    const [code, field, reason] = thrown.split("\t");
    if ((ERROR_CODES as readonly string[]).includes(code!)) {
      return new RdsIamError(code as ErrorCode, reason ?? "", field || undefined);
    }
  }
  // A wasm trap would land here; its message may quote nothing of ours, but
  // keep only its kind.
  return new RdsIamError("INVALID_INPUT", `unexpected failure in the signer (${(thrown as Error)?.name ?? "unknown"})`);
}
