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
import { minify as terser } from "terser";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dist = `${root}pkg/dist`;
const src = `${root}js/src`;

const WASM_NAMES = ["sign", "inspect"];
const MINIFY = !process.argv.includes("--no-minify");

/**
 * `#wasm/<name>`, a function returning the compiled module: for browsers
 * and the inspect entries, a small module of the package's own holding the
 * bytes as base64 (`dist/<name>-wasm.mjs` / `.cjs`, one copy shared by
 * those entries; a bundler inlines it, and drops the inspect one when
 * nothing inspects); for the Node entry (`inline`), the same code inside
 * the entry itself; for Workers, a `.wasm` import (`format` "workerd").
 */
function wasmModules(format, inline) {
  return {
    name: "wasm-modules",
    setup(b) {
      b.onResolve({ filter: /^#wasm\// }, ({ path }) => {
        const name = path.slice("#wasm/".length);
        if (!WASM_NAMES.includes(name)) throw new Error(`unknown wasm module ${path}`);
        if (format === "workerd") return { path: name, namespace: "wasm" };
        if (inline) return { path: name, namespace: "wasm-inline" };
        return { path: `./${name}-wasm.${format === "cjs" ? "cjs" : "mjs"}`, external: true };
      });
      b.onLoad({ filter: /.*/, namespace: "wasm" }, ({ path }) => ({
        contents: `import module from "../wasm/${path}.wasm";\nexport default () => module;\n`,
        loader: "js",
      }));
      b.onLoad({ filter: /.*/, namespace: "wasm-inline" }, ({ path }) => ({
        contents: wasmCarrierSource(path),
        resolveDir: src,
        loader: "ts",
      }));
      // The Workers `.wasm` imports stay imports, for wrangler to resolve.
      b.onResolve({ filter: /\.wasm$/ }, ({ path }) => ({ path, external: true }));
    },
  };
}

/** The loader of one module, its bytes inline as base64. */
function wasmCarrierSource(name) {
  const bytes = readFileSync(`${root}pkg/wasm/${name}.wasm`).toString("base64");
  // The string at the top level, not in the function: V8 parses a function
  // again when first called, and would scan the whole string twice.
  return `import { wasmFromBase64 } from "./base64.ts";\nconst BYTES = "${bytes}";\nexport default () => wasmFromBase64(BYTES);\n`;
}

/** dist/<name>-wasm.mjs and .cjs: the loader of one module, its bytes inline. */
async function buildWasmCarriers() {
  for (const name of WASM_NAMES) {
    for (const format of ["esm", "cjs"]) {
      await build({
        stdin: { contents: wasmCarrierSource(name), resolveDir: src, loader: "ts" },
        outfile: `${dist}/${name}-wasm.${format === "esm" ? "mjs" : "cjs"}`,
        bundle: true,
        format,
        platform: "neutral",
        target: "es2022",
        legalComments: "none",
        logLevel: "warning",
      });
    }
  }
}

/**
 * `#runtime`, what differs per runtime besides the wasm (see js/src/runtime.ts):
 * js/src/runtime/<name>.ts, named by the entry's `runtime` below.
 */
function runtimeModule(name) {
  return {
    name: "runtime",
    setup(b) {
      b.onResolve({ filter: /^#runtime$/ }, () => ({ path: `${src}/runtime/${name}.ts` }));
    },
  };
}

/**
 * `#utf8`, UTF-8 at the wasm boundary: js/src/utf8/native.ts, or for the
 * browser builds utf8/jsdom.ts, which also works without TextEncoder (Jest's
 * jsdom loads them), so that Node and Workers carry no fallback.
 */
function utf8Module(name) {
  return {
    name: "utf8",
    setup(b) {
      b.onResolve({ filter: /^#utf8$/ }, () => ({ path: `${src}/utf8/${name}.ts` }));
    },
  };
}

/** The CLI requires the package's own CommonJS build instead of carrying a second copy of it (and of both wasm modules). */
const cliUsesPackage = {
  name: "cli-uses-package",
  setup(b) {
    b.onResolve({ filter: /^\.{1,2}\/node\.js$/ }, () => ({ path: "./node.cjs", external: true }));
  },
};

// Each build's runtime: `node` (process.env, shared files, default chain) or `portable` (none of them).
const ENTRIES = [
  // The Node entry carries its wasm bytes itself: each further file a fresh
  // process imports costs a resolution, a read and a compile (~0.4 ms each).
  { in: "node", out: "node.mjs", format: "esm", platform: "node", runtime: "node", inlineWasm: true },
  { in: "node", out: "node.cjs", format: "cjs", platform: "node", runtime: "node", inlineWasm: true },
  { in: "browser", out: "browser.mjs", format: "esm", platform: "browser", runtime: "portable" },
  { in: "workerd", out: "workerd.mjs", format: "esm", platform: "neutral", runtime: "portable", wasm: "workerd" },
  { in: "cli", out: "cli.cjs", format: "cjs", platform: "node", runtime: "node" }, // the bin; keeps its #! line
  { in: "inspect", out: "inspect.mjs", format: "esm", platform: "node", runtime: "node" },
  { in: "inspect", out: "inspect.cjs", format: "cjs", platform: "node", runtime: "node" },
  { in: "inspect", out: "inspect.browser.mjs", format: "esm", platform: "browser", runtime: "portable" },
  { in: "inspect", out: "inspect.workerd.mjs", format: "esm", platform: "neutral", runtime: "portable", wasm: "workerd" },
  // The browser builds as CommonJS too, for what require()s with the browser
  // condition: Jest's jsdom environment (customExportConditions ["browser"])
  // cannot load an ES module from node_modules without a transform.
  { in: "browser", out: "browser.cjs", format: "cjs", platform: "browser", runtime: "portable" },
  { in: "inspect", out: "inspect.browser.cjs", format: "cjs", platform: "browser", runtime: "portable" },
];

// The error codes, from the core's list (src/error.rs), before anything compiles.
execFileSync(process.execPath, [`${root}scripts/gen-error-codes.mjs`], { stdio: "inherit" });

rmSync(dist, { recursive: true, force: true });
await buildWasmCarriers();
// Each entry's public names (from its ES module build), kept as they are.
const publicNames = new Map();
for (const entry of ENTRIES) {
  const result = await build({
    entryPoints: [`${src}/${entry.in}.ts`],
    outfile: `${dist}/${entry.out}`,
    bundle: true,
    format: entry.format,
    platform: entry.platform,
    target: "es2022",
    plugins: [
      ...(entry.in === "cli" ? [cliUsesPackage] : []),
      wasmModules(entry.wasm ?? entry.format, entry.inlineWasm === true),
      runtimeModule(entry.runtime),
      utf8Module(entry.platform === "browser" ? "jsdom" : "native"),
    ],
    legalComments: "none",
    // Compact syntax here, short names in compact() below. No keepNames:
    // its __name() calls cost more at import than the names save, and in
    // ES modules they keep every export alive in the user's bundle.
    minifySyntax: MINIFY,
    metafile: true,
    logLevel: "warning",
  });
  if (entry.format === "esm") publicNames.set(entry.in, Object.values(result.metafile.outputs)[0].exports);
  // The CLI (CommonJS only) bundles the same classes: the Node entry's names.
  if (MINIFY) await compact(`${dist}/${entry.out}`, publicNames.get(entry.in) ?? publicNames.get("node"));
  // esbuild writes the hint from which Node's import() of a CommonJS file
  // learns its named exports (`0 && (module.exports = {...})`, never run)
  // only for platform "node": the browser builds as CommonJS get it here.
  if (entry.format === "cjs" && entry.platform !== "node") {
    const names = publicNames.get(entry.in);
    writeFileSync(`${dist}/${entry.out}`, `${readFileSync(`${dist}/${entry.out}`, "utf8")}0&&(module.exports={${names.map((n) => `${n}:${n}`).join(",")}})\n`);
  }
}

/**
 * Short names, and no comments or whitespace, for a smaller parse: V8
 * parses every byte of an entry when a process imports it (~20 µs per KB),
 * and wrangler uploads a Worker's bundle unminified by default (doc
 * comments alone were 2 KiB of the example Worker's gzip). By terser, not
 * esbuild: esbuild's whitespace minifier drops the /* @__PURE__ *\/
 * annotations the user's bundler tree-shakes by (terser keeps them), and
 * esbuild renames every top-level name. The package's public names stay
 * (`reserved`): a class's name is what util.inspect prints for its
 * instances and errors (`RdsIamError: ...`), and stack frames name the
 * public function called. No compression. `node js/build.mjs --no-minify`
 * builds a readable dist for debugging.
 */
async function compact(file, reserved) {
  const text = readFileSync(file, "utf8");
  const out = await terser(text, {
    module: !file.endsWith(".cjs"),
    toplevel: true, // a CommonJS file's top level is the module's own scope too
    compress: false,
    mangle: { reserved },
    // semicolons: false ends statements with newlines where it can: the same
    // size, and stack traces get line numbers instead of one long line.
    format: { comments: false, preserve_annotations: true, semicolons: false },
  });
  writeFileSync(file, `${out.code}\n`);
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
console.log(`built rds-iam-edge ${version}: ${ENTRIES.map((e) => e.out).join(", ")}, sign-wasm and inspect-wasm (.mjs, .cjs), types (.d.ts, .d.cts)`);
