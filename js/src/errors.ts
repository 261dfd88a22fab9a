// RdsIamError: one error class with a stable code, the fixed reason and,
// for input errors, the field as the caller spelled it. Messages are built
// from the code, the field and a fixed reason only: never from a value the
// caller passed.

import { ERROR_CODES, ERROR_FIELDS, ERROR_REASONS } from "./error-codes.js";
import { errorKind } from "./redact.js";

export { ERROR_CODES };

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
  /** The message's text after the code and field: why, in a fixed wording. */
  readonly reason: string;

  constructor(code: ErrorCode, reason: string, field?: string) {
    super(field ? `${code} (${field}): ${reason}` : `${code}: ${reason}`);
    this.code = code;
    this.field = field;
    this.reason = reason;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** A bug of ours (a wasm trap, a code we do not know): never dressed as the caller's mistake. */
export function internalError(thrown: unknown): RdsIamError {
  // Its message, or a hostile name, may quote anything: keep only its kind.
  const kind = errorKind(thrown);
  return new RdsIamError("INTERNAL_ERROR", `unexpected failure in the signer (${kind === "unknown" ? typeof thrown : kind})`);
}

/**
 * The runtime would not compile or run one of the package's own wasm
 * modules: it has no WebAssembly (React Native's Hermes), a
 * Content-Security-Policy without 'wasm-unsafe-eval' refused it, or the
 * host forbids compiling from bytes. Not a bug, not the caller's input.
 */
export function wasmUnavailable(thrown: unknown): RdsIamError {
  if (typeof WebAssembly !== "object") return new RdsIamError("WASM_UNAVAILABLE", "this runtime has no WebAssembly, which the signer needs");
  // As in internalError: the engine's message is not repeated, only its kind.
  return new RdsIamError(
    "WASM_UNAVAILABLE",
    `this runtime refused to compile or run the signer's WebAssembly (${errorKind(thrown)}): a page's Content-Security-Policy must allow 'wasm-unsafe-eval'; Cloudflare Workers need the package's workerd build (wrangler picks it)`,
  );
}

/** Turns what the wasm boundary throws (`code\tfield\treason`, each as its
 * index in the core's lists, which ERROR_CODES, ERROR_FIELDS and
 * ERROR_REASONS are generated from; field empty if none) into an RdsIamError. */
export function fromWasm(thrown: unknown): RdsIamError {
  if (typeof thrown === "string") {
    const [index, fieldIndex, reasonIndex] = thrown.split("\t");
    const at = <T>(list: readonly T[], i: string | undefined): T | undefined => (/^[0-9]{1,2}$/.test(i ?? "") ? list[Number(i)] : undefined);
    const code = at(ERROR_CODES, index);
    const reason = at(ERROR_REASONS, reasonIndex);
    const field = fieldIndex === "" ? undefined : at(ERROR_FIELDS, fieldIndex);
    if (code !== undefined && reason !== undefined && (fieldIndex === "" || field !== undefined)) return new RdsIamError(code, reason, field);
  }
  return internalError(thrown);
}
