// Node's built-in modules, fetched when first used instead of imported. An
// ESM `import` of node:fs makes Node build the module's whole ESM face,
// loading its streams (about 1.2 ms, a fifth of a cold import of this
// package), while the credential sources that read files run late, if at
// all. process.getBuiltinModule exists in Node >= 20.16 (and 22.3), Bun and
// Deno: the versions package.json's `engines` names.
import { RdsIamError } from "../errors.js";

interface Builtins {
  "node:fs": typeof import("node:fs");
  "node:os": typeof import("node:os");
  "node:path": typeof import("node:path");
}

type NodeProcess = { getBuiltinModule?(id: string): unknown };

export function builtin<K extends keyof Builtins>(id: K): Builtins[K] {
  const process = (globalThis as { process?: NodeProcess }).process;
  if (typeof process?.getBuiltinModule !== "function") {
    throw new RdsIamError("CREDENTIALS_UNAVAILABLE", `this runtime cannot load ${id} (process.getBuiltinModule needs Node.js 20.16 or later)`);
  }
  return process.getBuiltinModule(id) as Builtins[K];
}
