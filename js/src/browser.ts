// Browsers: the .wasm beside the glue is fetched and instantiated once at
// import (top-level await), so signing is sync afterwards.
import init, * as wasm from "#wasm/web";
import { bindWasm } from "./signing.js";

await init({ module_or_path: new URL("../wasm/web/rds_iam_edge_bg.wasm", import.meta.url) });

export * from "./api.js";
export { initSync } from "#wasm/web";
bindWasm(wasm);
export { signToken, TokenSigner, inspectToken, verifyToken } from "./signing.js";
