// Cloudflare Workers: compiling wasm from bytes is forbidden at run time,
// so js/build.mjs points the wasm modules at `.wasm` imports, which the
// Workers bundler turns into precompiled WebAssembly.Modules, instantiated
// synchronously on first use. inspectToken and verifyToken come from
// `rds-iam-edge/inspect`, so that only Workers that use them upload the
// inspect module. Runtime (`#runtime`): runtime/portable.ts; a Worker passes
// its env to fromWorkersEnv.
export * from "./api.js";
export { signToken, TokenSigner } from "./signing.js";
