// Browsers: both wasm modules travel inside this file and are compiled
// synchronously on first use (no top-level await, no fetch, no loader
// configuration in any bundler). `initSync(module)` swaps in a module
// compiled elsewhere, e.g. under a CSP without 'wasm-unsafe-eval'.
// Runtime (`#runtime`): runtime/portable.ts, no environment or default credentials.
export * from "./api.js";
export { signToken, TokenSigner } from "./signing.js";
export { inspectToken, verifyToken } from "./inspect.js";
export { initSync } from "./wasm.js";
