// The generated wasm-bindgen glue, mapped to its place in pkg/wasm/ by js/build.mjs.
declare module "#wasm/nodejs" {
  const wasm: import("./wasm.js").Wasm;
  export = wasm;
}
declare module "#wasm/web" {
  export default function init(options?: { module_or_path?: unknown }): Promise<unknown>;
  export function initSync(options: { module: WebAssembly.Module | BufferSource }): unknown;
  export const signToken: import("./wasm.js").Wasm["signToken"];
  export const TokenSigner: import("./wasm.js").Wasm["TokenSigner"];
  export const inspectToken: import("./wasm.js").Wasm["inspectToken"];
  export const verifyToken: import("./wasm.js").Wasm["verifyToken"];
  export const endpointRegion: import("./wasm.js").Wasm["endpointRegion"];
  export const identityDigest: import("./wasm.js").Wasm["identityDigest"];
}
declare module "#wasm/web-module" {
  const module: WebAssembly.Module;
  export default module;
}
