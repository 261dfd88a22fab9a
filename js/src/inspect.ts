// inspectToken and verifyToken over the inspect module, which is loaded on
// first use. The package's `rds-iam-edge/inspect` entry in every runtime;
// the Node and browser entries re-export it too (their bundles carry the
// module as bytes a bundler drops when unused), the Workers entry does not
// (its module would be uploaded with every Worker).
import { inspectTokenWith, verifyTokenWith, type TokenInfo, type VerifyOptions, type VerifyResult } from "./signing.js";
import { inspectWasm } from "./wasm-inspect.js";

export type { TokenInfo, VerifyOptions, VerifyResult };

/** Parses a token into its fields (never the signature or session token). */
export function inspectToken(token: string): TokenInfo {
  return inspectTokenWith(inspectWasm(), token);
}

/** Checks a token as the database would; says why it fails. */
export function verifyToken(token: string, options?: VerifyOptions): VerifyResult {
  return verifyTokenWith(inspectWasm(), token, options);
}
