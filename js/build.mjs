// Compiles the TypeScript layer into pkg/dist: one self-contained bundle per
// entry and format, and the type files of each entry (.d.ts, and .d.cts for
// the CommonJS build). Where the wasm modules come from is decided here,
// per entry (see wasm-modules.d.ts):
// - Node and browsers: the bytes inside the JS as base64, compiled on first
//   use, so no bundler needs a loader and no file lies beside the bundle.
// - Workers: `.wasm` imports, which wrangler turns into precompiled modules
//   (compiling bytes at run time is forbidden there).
// The inspect module is reached only from `inspect.ts`: its own entry
// (`rds-iam-edge/inspect`) everywhere, and re-exported by the Node and
// browser entries (not by the Workers one: wrangler uploads every .wasm a
// bundle resolves, even when nothing calls it).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dist = `${root}pkg/dist`;
const src = `${root}js/src`;

const base64 = (name) => readFileSync(`${root}pkg/wasm/${name}.wasm`).toString("base64");

/** `#wasm/<name>` as a function returning the compiled module. */
function wasmModules(inline) {
  return {
    name: "wasm-modules",
    setup(b) {
      b.onResolve({ filter: /^#wasm\// }, ({ path }) => {
        const name = path.slice("#wasm/".length);
        if (name !== "sign" && name !== "inspect") throw new Error(`unknown wasm module ${path}`);
        return { path: name, namespace: "wasm" };
      });
      b.onLoad({ filter: /.*/, namespace: "wasm" }, ({ path }) =>
        inline
          ? {
              contents: `import { wasmFromBase64 } from "./base64.ts";\nexport default () => wasmFromBase64("${base64(path)}");\n`,
              resolveDir: src,
              loader: "ts",
            }
          : { contents: `import module from "../wasm/${path}.wasm";\nexport default () => module;\n`, loader: "js" },
      );
      // The Workers `.wasm` imports stay imports, for wrangler to resolve.
      b.onResolve({ filter: /\.wasm$/ }, ({ path }) => ({ path, external: true }));
    },
  };
}

const ENTRIES = [
  { in: "node", out: "node.mjs", format: "esm", platform: "node", inline: true },
  { in: "node", out: "node.cjs", format: "cjs", platform: "node", inline: true },
  { in: "browser", out: "browser.mjs", format: "esm", platform: "browser", inline: true },
  { in: "workerd", out: "workerd.mjs", format: "esm", platform: "neutral", inline: false },
  { in: "cli", out: "cli.cjs", format: "cjs", platform: "node", inline: true }, // the bin; keeps its #! line
  { in: "inspect", out: "inspect.mjs", format: "esm", platform: "node", inline: true },
  { in: "inspect", out: "inspect.cjs", format: "cjs", platform: "node", inline: true },
  { in: "inspect", out: "inspect.browser.mjs", format: "esm", platform: "browser", inline: true },
  { in: "inspect", out: "inspect.workerd.mjs", format: "esm", platform: "neutral", inline: false },
];

// The error codes, from the core's list (src/error.rs), before anything compiles.
execFileSync(process.execPath, [`${root}scripts/gen-error-codes.mjs`], { stdio: "inherit" });

rmSync(dist, { recursive: true, force: true });
for (const entry of ENTRIES) {
  await build({
    entryPoints: [`${src}/${entry.in}.ts`],
    outfile: `${dist}/${entry.out}`,
    bundle: true,
    format: entry.format,
    platform: entry.platform,
    target: "es2022",
    plugins: [wasmModules(entry.inline)],
    legalComments: "none",
    // CommonJS for Node: keep class and function names for util.inspect and
    // stacks. Not for ES modules: the __name() calls it adds keep every
    // export (and the inspect module's bytes) alive in the user's bundle.
    keepNames: entry.format === "cjs",
    logLevel: "warning",
  });
}

// Types: tsc writes .d.ts (ESM); the CommonJS build gets the same
// declarations as .d.cts files importing each other as .cjs, so TypeScript
// reads them as CommonJS (no "masquerading as ESM").
const types = `${dist}/types`;
execFileSync(`${root}node_modules/.bin/tsc`, ["-p", `${root}js/tsconfig.json`], { stdio: "inherit" });
for (const file of walk(types).filter((f) => f.endsWith(".d.ts"))) {
  const text = readFileSync(file, "utf8").replace(/((?:from|import)\s*\(?\s*["']\.{1,2}\/[^"']*)\.js(["'])/g, "$1.cjs$2");
  writeFileSync(file.replace(/\.d\.ts$/, ".d.cts"), text);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const version = JSON.parse(readFileSync(`${root}pkg/package.json`, "utf8")).version;
console.log(`built rds-iam-edge ${version}: ${ENTRIES.map((e) => e.out).join(", ")}, types (.d.ts, .d.cts)`);
