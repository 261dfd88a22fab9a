// Sizes, for rds-iam-edge and for @aws-sdk/rds-signer: the .wasm (gzip -9),
// the npm package tarball (and, for the SDK, every package it installs), an
// esbuild bundle of a one-line "sign a token" program (Node, and the browser
// for reference), and the example Worker's upload as wrangler reports it.
// Each bundle is also run once to check that it signs a valid token.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { CREDENTIALS, INPUT, SDK_CONFIG } from "./lib/inputs.mjs";
import { wasmBytes } from "./wasm-bytes.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const require = createRequire(import.meta.url);
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const fileSizes = (path) => {
  const bytes = readFileSync(path);
  return { raw: bytes.length, gzip: gzip(bytes) };
};

function npm(args, cwd) {
  return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}

/** The directory of `name` as Node would resolve it from `fromDir`. */
function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dir === dirname(dir)) throw new Error(`cannot find ${name} from ${fromDir}`);
  }
}

/** A package and every production dependency it installs, by directory. */
function dependencyClosure(dir, seen = new Map()) {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const id = `${manifest.name}@${manifest.version}`;
  if (seen.has(id)) return seen;
  seen.set(id, dir);
  const deps = { ...manifest.dependencies, ...manifest.optionalDependencies };
  for (const name of Object.keys(deps)) {
    let child;
    try {
      child = packageDir(name, dir);
    } catch {
      continue; // an optional dependency not installed on this platform
    }
    dependencyClosure(child, seen);
  }
  return seen;
}

/** npm pack (dry run) of installed packages: tarball and unpacked bytes. */
function packSizes(dirs) {
  const packs = JSON.parse(npm(["pack", ...dirs, "--dry-run", "--json", "--ignore-scripts"], ROOT));
  return packs.map((p) => ({ name: p.name, version: p.version, tarball: p.size, unpacked: p.unpackedSize, files: p.entryCount }));
}

/** Checks a token from a bundle's output: it verifies for the request. */
function checkToken(token, where) {
  const { verifyToken, inspectToken } = require("../pkg");
  const trimmed = token.trim();
  const result = verifyToken(trimmed, {
    secretAccessKey: CREDENTIALS.secretAccessKey,
    username: INPUT.username,
    hostname: INPUT.hostname,
    port: INPUT.port,
    now: inspectToken(trimmed).signedAt,
  });
  if (!result.ok) throw new Error(`${where} printed a token that does not verify: ${result.code}`);
}

const PROGRAMS = {
  "rds-iam-edge": `import { signToken } from "rds-iam-edge";\nconsole.log(signToken(${JSON.stringify(INPUT)}));\n`,
  "@aws-sdk/rds-signer": `import { Signer } from "@aws-sdk/rds-signer";\nnew Signer(${JSON.stringify(SDK_CONFIG)}).getAuthToken().then(console.log);\n`,
};

/**
 * esbuild bundles of the one-line program. Node: CommonJS (what Lambda runs;
 * the nodejs glue reads the .wasm beside it with __dirname), minified,
 * node20; the .wasm is copied beside the bundle and counted. Browser: ESM,
 * minified; our browser entry fetches the .wasm beside it at import.
 */
async function bundles(app) {
  const out = {};
  for (const [name, program] of Object.entries(PROGRAMS)) {
    const slug = name.replace(/\W+/g, "-").replace(/^-/, "");
    const entry = join(app, `${slug}.mjs`);
    writeFileSync(entry, program);
    out[name] = {};
    for (const platform of ["node", "browser"]) {
      const dir = join(app, `bundle-${slug}-${platform}`);
      rmSync(dir, { recursive: true, force: true });
      const result = await build({
        entryPoints: [entry],
        outfile: join(dir, platform === "node" ? "index.cjs" : "index.mjs"),
        bundle: true,
        minify: true,
        platform,
        format: platform === "node" ? "cjs" : "esm",
        target: platform === "node" ? "node20" : "es2022",
        legalComments: "none",
        metafile: true,
        logLevel: "error",
      });
      const js = readdirSync(dir).filter((f) => /\.(c|m)?js$/.test(f));
      const jsSizes = js.map((f) => fileSizes(join(dir, f)));
      // The .wasm the bundle loads at run time (not inlined by esbuild).
      const wasmInputs = Object.keys(result.metafile.inputs).filter((p) => p.endsWith(".js") && p.includes("/wasm/"));
      // The wasm travels inside the JS (base64): nothing to copy or count apart.
      const wasm = null;
      const jsRaw = jsSizes.reduce((a, s) => a + s.raw, 0);
      const jsGzip = jsSizes.reduce((a, s) => a + s.gzip, 0);
      const entryOut = { jsRaw, jsGzip, wasmRaw: wasm?.raw ?? 0, wasmGzip: wasm?.gzip ?? 0, totalGzip: jsGzip + (wasm?.gzip ?? 0) };
      entryOut.inputs = Object.keys(result.metafile.inputs).length;
      // Raw bytes each package file contributes to the output (ours: the API layer and the wasm glue).
      if (name === "rds-iam-edge") {
        const [output] = Object.values(result.metafile.outputs);
        entryOut.bytesInOutputByInput = Object.fromEntries(
          Object.entries(output.inputs).map(([path, v]) => [path.replace(/^.*node_modules\/rds-iam-edge\//, ""), v.bytesInOutput]),
        );
      }
      entryOut.glueInputs = wasmInputs.length;
      if (platform === "node") {
        const run = spawnSync(process.execPath, [join(dir, "index.cjs")], { encoding: "utf8" });
        if (run.status !== 0) throw new Error(`the ${name} Node bundle failed: ${run.stderr}`);
        checkToken(run.stdout, `the ${name} Node bundle`);
        entryOut.runs = true;
      }
      out[name][platform] = entryOut;
    }
  }
  return out;
}

/** The Workers: wrangler deploy --dry-run, as tests/workerd/harness.mjs does, then one request in workerd. */
async function workers() {
  const { bundle, start } = await import("../tests/workerd/harness.mjs");
  const bindings = {
    DB_HOST: INPUT.hostname,
    DB_PORT: String(INPUT.port),
    DB_USER: INPUT.username,
    AWS_REGION: INPUT.region,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  };
  const projects = {
    "rds-iam-edge": { dir: join(ROOT, "examples", "worker"), link: [] },
    "@aws-sdk/rds-signer": { dir: join(ROOT, "bench", "workers", "rds-signer"), link: ["@aws-sdk"] },
  };
  // The same projects with wrangler's `minify = true` (off by default).
  const scratch = join(ROOT, "target", "bench", "workers");
  for (const [name, project] of Object.entries({ ...projects })) {
    const copy = join(scratch, `${name.replace(/\W+/g, "-").replace(/^-/, "")}-minify`);
    rmSync(copy, { recursive: true, force: true });
    cpSync(project.dir, copy, { recursive: true, filter: (src) => !/node_modules|\.wrangler|\/dist$/.test(src) });
    const toml = readFileSync(join(copy, "wrangler.toml"), "utf8").replace(/^(compatibility_date.*)$/m, "$1\nminify = true");
    writeFileSync(join(copy, "wrangler.toml"), toml);
    projects[`${name}, minify = true`] = { ...project, dir: copy };
  }
  const out = {};
  for (const [name, { dir, link }] of Object.entries(projects)) {
    const built = bundle(dir, { link });
    try {
      const modules = {};
      for (const m of built.modules) modules[m.replace(/^[0-9a-f]{40}-/, "")] = fileSizes(join(built.dist, m));
      const { mf } = await start(built, { bindings });
      const response = await mf.dispatchFetch("http://worker/");
      const body = await response.text();
      await mf.dispose();
      if (response.status !== 200) throw new Error(`the ${name} Worker answered ${response.status}: ${body.slice(0, 200)}`);
      out[name] = {
        wranglerUploadKiB: built.uploadKiB,
        wranglerGzipKiB: built.gzipKiB,
        wranglerGzipBytes: Math.round(built.gzipKiB * 1024),
        modules,
        signs: true,
      };
    } finally {
      built.cleanup();
    }
  }
  return out;
}

/**
 * All sizes. `app` is a scratch directory holding node_modules/rds-iam-edge
 * (the package as npm installs it from its tarball) and a link to the root's
 * @aws-sdk; `tarball` is that tarball.
 */
export async function sizes({ app, tarball }) {
  // Node's zlib (gzipSync -9) and the build's own figure (Python's gzip -9,
  // the one its budget enforces): the two deflaters differ by ~100 B on
  // the same bytes, so both are recorded.
  const built = JSON.parse(readFileSync(join(ROOT, "target", "wasm-sizes.json"), "utf8"));
  const withBuild = (name) => ({ ...fileSizes(join(ROOT, "pkg", "wasm", `${name}.wasm`)), buildGzip: built[name].gzip, budget: built[name].gzip_budget });
  const wasm = { sign: withBuild("sign"), inspect: withBuild("inspect") };
  const [ours] = packSizes([join(ROOT, "pkg")]);
  ours.tarball = readFileSync(tarball).length; // the real tarball, as published
  const sdkDirs = [...dependencyClosure(packageDir("@aws-sdk/rds-signer", ROOT)).values()];
  const sdkPacks = packSizes(sdkDirs);
  const sum = (key) => sdkPacks.reduce((a, p) => a + p[key], 0);
  const packages = {
    "rds-iam-edge": { tarball: ours.tarball, unpacked: ours.unpacked, files: ours.files, installedPackages: 1, installedTarballs: ours.tarball, installedUnpacked: ours.unpacked },
    "@aws-sdk/rds-signer": {
      tarball: sdkPacks[0].tarball,
      unpacked: sdkPacks[0].unpacked,
      files: sdkPacks[0].files,
      installedPackages: sdkPacks.length,
      installedTarballs: sum("tarball"),
      installedUnpacked: sum("unpacked"),
    },
  };
  return { wasm, wasmBytes: wasmBytes(), packages, esbuild: await bundles(app), workers: await workers() };
}

/** Prepares `app`: npm pack of pkg/, extracted as node_modules/rds-iam-edge, and @aws-sdk linked. */
export function prepareApp(app) {
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, "node_modules"), { recursive: true });
  const [packed] = JSON.parse(npm(["pack", join(ROOT, "pkg"), "--json", "--ignore-scripts", "--pack-destination", app], ROOT));
  const tarball = join(app, packed.filename);
  const into = join(app, "node_modules", "rds-iam-edge");
  mkdirSync(into);
  execFileSync("tar", ["-xzf", tarball, "-C", into, "--strip-components=1"]);
  symlinkSync(join(ROOT, "node_modules", "@aws-sdk"), join(app, "node_modules", "@aws-sdk"), "dir");
  writeFileSync(join(app, "package.json"), '{ "private": true, "type": "module" }\n');
  return { tarball };
}
