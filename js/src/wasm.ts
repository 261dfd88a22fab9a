// The flat exports of the wasm module (src/wasm.rs), as every entry passes them in.
import type { Flat } from "./normalize.js";

export interface WasmTokenSigner {
  sign(nowMs: number): string;
  free(): void;
}

export interface Wasm {
  signToken(...args: [...Flat, nowMs: number]): string;
  TokenSigner: new (...args: Flat) => WasmTokenSigner;
  inspectToken(token: string): string[];
  /** The region an RDS, RDS Proxy, Aurora or DSQL endpoint names; "" for any other host. */
  endpointRegion(hostname: string): string;
  /** HMAC-SHA256 of the whole identity under `key` (random hex text), as 64 hex digits; "" session token = none (src/identity.rs). */
  identityDigest(key: string, accessKeyId: string, secretAccessKey: string, sessionToken: string): string;
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
