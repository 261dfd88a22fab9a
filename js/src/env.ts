// The process environment, as this build's runtime reads it. The shared code
// never names `process`, so the worker and browser bundles hold no Node
// globals (their tests forbid even `globalThis.process`); there the
// environment is empty and Workers pass their `env` to fromWorkersEnv.

import { runtime } from "#runtime";

type Env = Record<string, unknown>;

/** The process environment, or undefined where there is none or reading it is forbidden. */
export function processEnv(): Env | undefined {
  try {
    const env = runtime.env();
    return typeof env === "object" && env !== null ? env : undefined;
  } catch {
    return undefined; // Deno without --allow-env throws here
  }
}

/** A non-empty string variable from `env`, else undefined. */
export function envString(env: Env | undefined, name: string): string | undefined {
  try {
    const value = env?.[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  } catch {
    return undefined;
  }
}
