// Browsers and Cloudflare Workers: no process environment (a Worker passes
// its `env` to fromWorkersEnv), no shared files, no default credentials.
import type { Runtime } from "../runtime.js";

export const runtime: Runtime = { env: () => undefined };
