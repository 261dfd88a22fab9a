// Node (CommonJS build; the ESM entry re-exports it so a process holds one
// wasm instance): wasm-pack's nodejs glue loads the .wasm synchronously.
import * as wasm from "#wasm/nodejs";
import { bindWasm } from "./signing.js";

export * from "./api.js";
bindWasm(wasm);
export { signToken, TokenSigner, inspectToken, verifyToken } from "./signing.js";
