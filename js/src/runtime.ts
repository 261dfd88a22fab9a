// What differs between the runtimes the package is built for, in one
// object: where the process environment comes from, whether a shared config
// profile can name the region, and what credentials are when none are
// passed. Each build's `#runtime` is one of runtime/*.ts, chosen by the
// entry table in js/build.mjs (node, cli, inspect: runtime/node.ts; browser
// and workerd: runtime/portable.ts), as `#wasm/sign` chooses the wasm
// loader. Nothing sets it at run time, so every module reads the same
// constant, and a Worker bundle holds no Node code at all.

import type { CredentialsOption } from "./credentials.js";

export interface Runtime {
  /** The process environment; undefined where there is none. May throw (Deno without --allow-env). */
  readonly env: () => Record<string, unknown> | undefined;
  /** A shared config profile's region (never throws); absent where no shared files can be read. */
  readonly profileRegion?: (profile: string | undefined) => string | undefined;
  /** The credentials used when none are passed, for a profile; absent where the runtime has no default chain. */
  readonly defaultCredentials?: (profile: string | undefined) => CredentialsOption;
}
