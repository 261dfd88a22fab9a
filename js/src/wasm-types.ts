// What the two wasm modules offer the JS layer (see wasm.ts, wasm-inspect.ts),
// apart from the loading code so that the public type files never name
// WebAssembly or DOM types in Node.
import type { Flat } from "./normalize.js";

export interface WasmTokenSigner {
  sign(nowMs: number): string;
}

/** The signing module: what every runtime that signs ships. */
export interface SigningWasm {
  signToken(flat: Flat, nowMs: number): string;
  TokenSigner: new (...args: Flat) => WasmTokenSigner;
  /** The region an RDS, RDS Proxy, Aurora or DSQL endpoint names; "" for any other host. */
  endpointRegion(hostname: string): string;
  /** HMAC-SHA256 of the whole identity under `key` (random hex text), as 64 hex digits; "" session token = none (src/identity.rs). */
  identityDigest(key: string, accessKeyId: string, secretAccessKey: string, sessionToken: string): string;
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

