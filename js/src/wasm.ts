// The JavaScript side of src/wasm.rs, and the signing module. Each module is
// instantiated on first use (nothing runs at import), from what the build
// put behind `#wasm/sign` (here) and `#wasm/inspect` (wasm-inspect.ts):
// bytes inside the JS for Node and browsers, the precompiled module
// wrangler provides for Workers.
//
// A call packs its strings into the module's one shared buffer (a 4-byte
// little-endian length, then UTF-8; length 0xFFFFFFFF for absent), passes
// numbers as arguments, and reads the answer back from the same buffer: n >= 0
// bytes of output, or -n (3) bytes of error, the indices of its code, field
// and reason in the core's lists, that it throws as a string
// (`code\tfield\treason`, which errors.ts turns into an RdsIamError).
import loadSign from "#wasm/sign";
import { RdsIamError, wasmUnavailable } from "./errors.js";
import type { Flat } from "./normalize.js";
import { decode, encodeInto } from "#utf8";
import type { InspectWasm, SigningWasm, WasmTokenSigner } from "./wasm-types.js";

export type { InspectWasm, SigningWasm, WasmTokenSigner };

type Exports = {
  memory: WebAssembly.Memory;
  io(len: number): number;
  [name: string]: unknown;
};
type Call = (...args: number[]) => number;

// The `flags` bits of src/wasm.rs.
export const PORT_GIVEN = 1;
const EXPIRES_GIVEN = 2;
const ADMIN_GIVEN = 4;
const ADMIN = 8;
const SERVERLESS_GIVEN = 16;
const SERVERLESS = 32;
export const ABSENT = 0xffffffff;

/** Writes `text` packed at `at` (room for 4 + 3 x its length is there);
 * returns where the next text goes. */
function put(bytes: Uint8Array, at: number, text: string | undefined): number {
  let len = ABSENT;
  if (text !== undefined) {
    // Short ASCII texts byte by byte (a subarray and an encodeInto call
    // cost more than the bytes: half of pack's time for a token input);
    // the rest, and long texts, through encodeInto.
    let i = 0;
    if (text.length <= 64) {
      for (; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code >= 0x80) break;
        bytes[at + 4 + i] = code;
      }
    }
    len = i === text.length ? i : i + encodeInto(text.slice(i), bytes.subarray(at + 4 + i, at + 4 + text.length * 3));
  }
  bytes[at] = len;
  bytes[at + 1] = len >>> 8;
  bytes[at + 2] = len >>> 16;
  bytes[at + 3] = len >>> 24;
  return at + 4 + (text === undefined ? 0 : len);
}

/** One instance's buffer traffic. */
export class Io {
  readonly #exports: Exports;
  #view = new Uint8Array(0);

  constructor(module: WebAssembly.Module) {
    this.#exports = new WebAssembly.Instance(module, {}).exports as Exports;
  }

  #bytes(): Uint8Array {
    // Memory growth detaches the old view.
    if (this.#view.buffer !== this.#exports.memory.buffer) this.#view = new Uint8Array(this.#exports.memory.buffer);
    return this.#view;
  }

  /** Packs `texts` into the buffer; returns their packed length. */
  pack(texts: ReadonlyArray<string | undefined>): number {
    let room = 0;
    for (const text of texts) room += 4 + (text === undefined ? 0 : text.length * 3);
    const start = this.#exports.io(room);
    const bytes = this.#bytes();
    let at = start;
    for (const text of texts) at = put(bytes, at, text);
    return at - start;
  }

  /** Packs a token input's strings in src/wasm.rs `token_texts`'s order
   * (service, hostname, username, region, access key id, session token,
   * and the secret last: the core finds signToken's last layout by what
   * comes before it); returns their packed length. No array per call. */
  packToken(flat: Flat): number {
    const [service, hostname, , username, region, accessKeyId, secret, sessionToken] = flat;
    const room =
      28 + 3 * (service.length + hostname.length + (username?.length ?? 0) + region.length + accessKeyId.length + secret.length + (sessionToken?.length ?? 0));
    const start = this.#exports.io(room);
    const bytes = this.#bytes();
    let at = put(bytes, start, service);
    at = put(bytes, at, hostname);
    at = put(bytes, at, username);
    at = put(bytes, at, region);
    at = put(bytes, at, accessKeyId);
    at = put(bytes, at, sessionToken);
    return put(bytes, at, secret) - start;
  }

  /** Calls an export; returns its output bytes or throws its error text. */
  call(name: string, ...args: number[]): Uint8Array {
    return this.read((this.#exports[name] as Call)(...args));
  }

  /** The output an export's answer `n` left in the buffer; throws an error's
   * indices as `code\tfield\treason` (field 255: none) for errors.ts. */
  read(answer: number): Uint8Array {
    const start = this.#exports.io(0);
    const bytes = this.#bytes().subarray(start, start + Math.abs(answer));
    if (answer < 0) throw Array.from(bytes, (b, i) => (i === 1 && b === 255 ? "" : String(b))).join("\t");
    return bytes;
  }

  text(name: string, ...args: number[]): string {
    return decode(this.call(name, ...args));
  }

  /** A function of the module itself, for handles it gives out. */
  raw(name: string): Call {
    return this.#exports[name] as Call;
  }

}

/** The `flags` argument of a token input (src/wasm.rs `token_parts`). */
function flagsOf(flat: Flat): number {
  const [, , port, , , , , , expiresIn, admin, serverless] = flat;
  return (
    (port === undefined ? 0 : PORT_GIVEN) |
    (expiresIn === undefined ? 0 : EXPIRES_GIVEN) |
    (admin === undefined ? 0 : ADMIN_GIVEN | (admin ? ADMIN : 0)) |
    (serverless === undefined ? 0 : SERVERLESS_GIVEN | (serverless ? SERVERLESS : 0))
  );
}

function signingExports(io: Io): SigningWasm {
  const free = io.raw("signerFree");
  // The per-token exports, called directly (no array slice or spread per token).
  const signToken = io.raw("signToken");
  const signerSign = io.raw("signerSign");
  // Frees a signer's wasm side when its JS object is collected.
  const registry =
    typeof FinalizationRegistry === "function" ? new FinalizationRegistry<number>((handle) => free(handle)) : undefined;
  class TokenSigner implements WasmTokenSigner {
    readonly #handle: number;
    constructor(...flat: Flat) {
      const handle = io.raw("signerNew")(io.packToken(flat), flat[2] ?? 0, flat[8] ?? 0, flagsOf(flat));
      if (handle < 0) io.read(handle);
      this.#handle = handle;
      registry?.register(this, handle, this);
    }
    sign(nowMs: number): string {
      return decode(io.read(signerSign(this.#handle, nowMs)));
    }
  }
  return {
    signToken: (flat, nowMs) => decode(io.read(signToken(io.packToken(flat), flat[2] ?? 0, flat[8] ?? 0, flagsOf(flat), nowMs))),
    TokenSigner,
    endpointRegion: (hostname) => io.text("endpointRegion", io.pack([hostname])),
    identityDigest: (key, accessKeyId, secretAccessKey, sessionToken) =>
      io.text("identityDigest", io.pack([key, accessKeyId, secretAccessKey, sessionToken || undefined])),
  };
}

/** `make()`, with the runtime's refusal to compile or run wasm thrown as WASM_UNAVAILABLE. */
function orUnavailable<T>(make: () => T): T {
  try {
    return make();
  } catch (thrown) {
    throw wasmUnavailable(thrown);
  }
}

/** An instance of one of the package's own modules (`load` compiles it or
 * hands over the precompiled one); WASM_UNAVAILABLE where the runtime will
 * not compile or run it. */
export function ownInstance(load: () => WebAssembly.Module): Io {
  return orUnavailable(() => new Io(load()));
}

let signing: SigningWasm | undefined;

/** The signing module's functions, instantiated on first use. */
export function signingWasm(): SigningWasm {
  return (signing ??= signingExports(ownInstance(loadSign)));
}

/**
 * For custom setups: sign with this compiled signing module (`sign.wasm`
 * from the package's `wasm/` folder) or its bytes instead of the built-in
 * one. Signers made before keep theirs.
 */
export function initSync(module: WebAssembly.Module | BufferSource | { module: WebAssembly.Module | BufferSource }): void {
  if (typeof WebAssembly !== "object") throw wasmUnavailable(undefined);
  const given = module instanceof WebAssembly.Module || ArrayBuffer.isView(module) || module instanceof ArrayBuffer ? module : (module as { module?: unknown } | null)?.module;
  let compiled: WebAssembly.Module;
  if (given instanceof WebAssembly.Module) compiled = given;
  // Valid bytes that do not compile: the runtime refused (a CSP, say), not the caller.
  else if ((ArrayBuffer.isView(given) || given instanceof ArrayBuffer) && WebAssembly.validate(given as BufferSource)) {
    compiled = orUnavailable(() => new WebAssembly.Module(given as BufferSource));
  } else throw new RdsIamError("INVALID_INPUT", "must be a compiled WebAssembly module or its bytes", "module");
  // Another module (inspect.wasm, say) would only fail later, at the first token.
  const names = new Set(WebAssembly.Module.exports(compiled).map((e) => e.name));
  if (!["io", "signToken", "signerNew", "signerSign", "signerFree", "endpointRegion", "identityDigest"].every((name) => names.has(name))) {
    throw new RdsIamError("INVALID_INPUT", "is not rds-iam-edge's signing module (wasm/sign.wasm)", "module");
  }
  signing = signingExports(ownInstance(() => compiled));
}
