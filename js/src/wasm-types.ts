// What the two wasm modules offer the JS layer (see wasm.ts, wasm-inspect.ts),
// apart from the loading code so that the public type files never name
// WebAssembly or DOM types in Node.
import type { Flat } from "./normalize.js";

export interface WasmTokenSigner {
  sign(nowMs: number): string;
}

/** The signing module: what every runtime that signs ships. */
export interface SigningWasm {
  signToken(...args: [...Flat, nowMs: number]): string;
  TokenSigner: new (...args: Flat) => WasmTokenSigner;
}

/** The inspect module, loaded only when inspectToken or verifyToken runs. */
export interface InspectWasm {
  /** The token's fields (see src/wasm.rs `inspect_token`); "" for an absent one. */
  inspectToken(token: string): string[];
  verifyToken(
    token: string,
    keys: string[],
    anySecret: string | undefined,
    nowMs: number,
    username: string | undefined,
    hostname: string | undefined,
    port: number | undefined,
    skewSeconds: number,
  ): void;
}

