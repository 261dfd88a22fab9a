// Compiles the TypeScript layer into pkg/dist: one bundle per entry (the
// wasm glue stays external, at its place in pkg/wasm/), an ESM face for the
// Node CommonJS build, and the .d.ts files.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const root = new URL("..", import.meta.url).pathname;
const dist = `${root}pkg/dist`;

// Where the glue lives, relative to pkg/dist/.
const WASM_PATHS = {
  "#wasm/nodejs": "../wasm/nodejs/rds_iam_edge.js",
  "#wasm/web": "../wasm/web/rds_iam_edge.js",
  "#wasm/web-module": "../wasm/web/rds_iam_edge_bg.wasm",
};

const wasmGlue = {
  name: "wasm-glue",
  setup(b) {
    b.onResolve({ filter: /^#wasm\// }, ({ path }) => {
      if (!(path in WASM_PATHS)) throw new Error(`unknown wasm import ${path}`);
      return { path: WASM_PATHS[path], external: true };
    });
  },
};

const ENTRIES = [
  { in: "node", out: "node.cjs", format: "cjs", platform: "node" },
  { in: "browser", out: "browser.mjs", format: "esm", platform: "browser" },
  { in: "workerd", out: "workerd.mjs", format: "esm", platform: "neutral" },
  { in: "cli", out: "cli.cjs", format: "cjs", platform: "node" }, // the bin; keeps its #! line
];

// The error codes, from the core's list (src/error.rs), before anything compiles.
execFileSync(process.execPath, [`${root}scripts/gen-error-codes.mjs`], { stdio: "inherit" });

rmSync(dist, { recursive: true, force: true });
for (const entry of ENTRIES) {
  await build({
    entryPoints: [`${root}js/src/${entry.in}.ts`],
    outfile: `${dist}/${entry.out}`,
    bundle: true,
    format: entry.format,
    platform: entry.platform,
    target: "es2022",
    plugins: [wasmGlue],
    legalComments: "none",
    // Node: keep class and function names for util.inspect and stacks. Not
    // for Workers and browsers: the __name() calls it adds keep every export
    // alive in the user's bundle.
    keepNames: entry.platform === "node",
    logLevel: "warning",
  });
}

// The Node ESM entry re-exports the CommonJS build, so `import` and
// `require` in one process share one wasm instance (and one token cache).
const require = createRequire(import.meta.url);
const names = Object.keys(require(`${dist}/node.cjs`)).filter((n) => n !== "default" && n !== "__esModule");
writeFileSync(
  `${dist}/node.mjs`,
  `import api from "./node.cjs";\nexport const { ${names.join(", ")} } = api;\n`,
);

execFileSync(`${root}node_modules/.bin/tsc`, ["-p", `${root}js/tsconfig.json`], { stdio: "inherit" });
const version = JSON.parse(readFileSync(`${root}pkg/package.json`, "utf8")).version;
console.log(`built rds-iam-edge ${version}: ${ENTRIES.map((e) => e.out).join(", ")}, node.mjs (${names.length} exports)`);
