// The flat exports of the wasm module (src/wasm.rs), as every entry passes them in.

export interface WasmTokenSigner {
  sign(nowMs: number): string;
  free(): void;
}

export interface Wasm {
  signToken(
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
    nowMs: number,
  ): string;
  TokenSigner: new (
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
  ) => WasmTokenSigner;
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
