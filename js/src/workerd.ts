// Cloudflare Workers: compiling wasm from bytes is forbidden at run time, so
// the bundler's `*.wasm` rule hands us a precompiled WebAssembly.Module,
// instantiated synchronously once per isolate. Named imports only, so the
// bundler drops the glue's async loader (its `fetch` of the .wasm).
import wasmModule from "#wasm/web-module";
import { initSync, signToken, TokenSigner, inspectToken, verifyToken, endpointRegion, identityDigest } from "#wasm/web";
import { bindWasm } from "./signing.js";

initSync({ module: wasmModule });

export * from "./api.js";
bindWasm({ signToken, TokenSigner, inspectToken, verifyToken, endpointRegion, identityDigest });
export { signToken, TokenSigner, inspectToken, verifyToken } from "./signing.js";
