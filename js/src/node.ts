// Node (CommonJS build; the ESM entry re-exports it so a process holds one
// wasm instance): wasm-pack's nodejs glue loads the .wasm synchronously.
import * as wasm from "#wasm/nodejs";
import { bindWasm } from "./signing.js";
import { fromEnv, setDefaultCredentials } from "./credentials.js";
import { setProcessEnv } from "./env.js";

declare const process: { env: Record<string, string | undefined> };

export * from "./api.js";
bindWasm(wasm);
export { signToken, TokenSigner, inspectToken, verifyToken } from "./signing.js";

// Only this entry knows process.env: region resolution and fromEnv() read it.
setProcessEnv(() => process.env);

// Missing credentials mean the default chain in Node: the environment until
// the full chain exists. One provider for the process, so every Signer and
// authTokenProvider without credentials shares one source.
const environment = fromEnv();
setDefaultCredentials(() => environment);
