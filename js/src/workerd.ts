// Cloudflare Workers: compiling wasm from bytes is forbidden at run time, so
// the bundler's `*.wasm` rule hands us a precompiled WebAssembly.Module,
// instantiated synchronously once per isolate.
import wasmModule from "#wasm/web-module";
import * as wasm from "#wasm/web";
import { bindWasm } from "./signing.js";

wasm.initSync({ module: wasmModule });

export * from "./api.js";
bindWasm(wasm);
export { signToken, TokenSigner, inspectToken, verifyToken } from "./signing.js";
