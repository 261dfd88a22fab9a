// Bundles a Worker project with wrangler exactly as `wrangler deploy` would
// (`--dry-run --outdir`), with "rds-iam-edge" resolved by package name to
// a copy of this repository's pkg/, and runs the bundle in real workerd through
// Miniflare's Node API.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Log, LogLevel, Miniflare } from "miniflare";

export const ROOT = new URL("../../", import.meta.url).pathname;

/**
 * A copy of pkg/ taken once per test run, as `npm install` would place it, so
 * a rebuild of pkg/ during the run cannot pull files from under the bundler.
 */
export const PKG = (() => {
  const copy = mkdtempSync(join(tmpdir(), "rds-iam-edge-workerd-pkg-"));
  // What npm would install: package.json and its "files".
  const installed = JSON.parse(readFileSync(join(ROOT, "pkg", "package.json"), "utf8")).files;
  for (const entry of ["package.json", ...installed]) cpSync(join(ROOT, "pkg", entry), join(copy, entry), { recursive: true });
  process.on("exit", () => rmSync(copy, { recursive: true, force: true }));
  return copy;
})();
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");
const SKIP = new Set(["node_modules", "dist", ".wrangler"]);

/**
 * Copies `projectDir` (its wrangler.toml and sources) to a temporary
 * directory, links node_modules/rds-iam-edge to the copy of pkg/ (what
 * `npm install rds-iam-edge` or a `file:` dependency gives) and the root's
 * copies of the packages named in `link`, and bundles it.
 * Returns the bundle's directory, its modules and wrangler's reported sizes.
 */
export function bundle(projectDir, { link = [] } = {}) {
  const root = mkdtempSync(join(tmpdir(), "rds-iam-edge-workerd-"));
  for (const entry of readdirSync(projectDir)) {
    if (!SKIP.has(entry)) cpSync(join(projectDir, entry), join(root, entry), { recursive: true });
  }
  mkdirSync(join(root, "node_modules"));
  symlinkSync(PKG, join(root, "node_modules", "rds-iam-edge"), "dir");
  // Other packages a test Worker needs, from the root devDependencies.
  for (const name of link) symlinkSync(join(ROOT, "node_modules", name), join(root, "node_modules", name), "dir");
  const started = performance.now();
  const run = spawnSync(WRANGLER, ["deploy", "--dry-run", "--outdir", "dist"], {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      WRANGLER_LOG_PATH: join(root, "wrangler-logs"),
      NO_COLOR: "1",
      FORCE_COLOR: "0",
    },
  });
  // eslint-disable-next-line no-control-regex
  const output = `${run.stdout}\n${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
  if (run.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`wrangler failed (${run.status ?? run.error?.message}) bundling ${projectDir}:\n${output}`);
  }
  const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
  if (!size) throw new Error(`wrangler did not report the upload size:\n${output}`);
  const dist = join(root, "dist");
  const modules = readdirSync(dist).filter((f) => !f.endsWith(".map") && f !== "README.md");
  return {
    root,
    dist,
    modules,
    main: readFileSync(join(dist, "index.js"), "utf8"),
    uploadKiB: Number(size[1]),
    gzipKiB: Number(size[2]),
    bundleMs: performance.now() - started,
    output,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Collects workerd's stdout and stderr (the Worker's console output and uncaught errors). */
export function stdioCollector() {
  const lines = [];
  const handle = (stdout, stderr) => {
    for (const stream of [stdout, stderr]) stream.on("data", (chunk) => lines.push(String(chunk)));
  };
  return { lines, handle, text: () => lines.join("") };
}

/**
 * Runs the bundle in workerd. `options` are passed to Miniflare (bindings,
 * outboundService, ...). Returns the instance and how long workerd took from
 * `new Miniflare` to ready (process start, config, module load).
 */
export async function start(built, options = {}) {
  const started = performance.now();
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(built.dist, "index.js"),
    modulesRoot: built.dist,
    // What wrangler's bundle holds: ES modules and precompiled wasm modules.
    modulesRules: [
      { type: "ESModule", include: ["**/*.js"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: built.compatibilityDate ?? compatibility(built).date,
    compatibilityFlags: built.compatibilityDate ? [] : compatibility(built).flags,
    log: new Log(LogLevel.NONE),
    ...options,
  });
  await mf.ready;
  return { mf, readyMs: performance.now() - started };
}

/** A Worker that does nothing, to tell workerd's own start-up from ours. */
export function emptyWorker() {
  const root = mkdtempSync(join(tmpdir(), "rds-iam-edge-workerd-empty-"));
  mkdirSync(join(root, "dist"));
  writeFileSync(join(root, "dist", "index.js"), 'export default { fetch() { return new Response("ok"); } };\n');
  return { root, dist: join(root, "dist"), compatibilityDate: "2026-04-01", cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Median of `runs` start-ups (new Miniflare to ready) and first requests, in ms. */
export async function startupTimes(built, runs, path = "/") {
  const ready = [];
  const first = [];
  for (let i = 0; i < runs; i++) {
    const { mf, readyMs } = await start(built);
    const started = performance.now();
    await (await mf.dispatchFetch(`http://worker${path}`)).arrayBuffer();
    first.push(performance.now() - started);
    ready.push(readyMs);
    await mf.dispose();
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { readyMs: median(ready), firstRequestMs: median(first) };
}

/** compatibility_date and compatibility_flags from the project's wrangler.toml. */
function compatibility(built) {
  const toml = readFileSync(join(built.root, "wrangler.toml"), "utf8");
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml);
  if (!date) throw new Error("wrangler.toml has no compatibility_date");
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml);
  return { date: date[1], flags: flags ? [...flags[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]) : [] };
}

/** The golden case as the TokenInput our API takes (with its `now`). */
export function goldenInput(c) {
  const input = {
    service: c.kind,
    hostname: c.host,
    region: c.region,
    credentials: {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
    },
    expiresIn: c.expiresIn,
    now: c.epoch_ms,
  };
  if (c.kind === "rds") Object.assign(input, { port: c.port, username: c.user });
  if (c.kind === "dsql") input.admin = c.action === "DbConnectAdmin";
  if (c.kind === "elasticache") Object.assign(input, { username: c.user, serverless: Boolean(c.serverless) });
  if (c.kind === "memorydb") input.username = c.user;
  return input;
}

/** Text in a bundle that would load or compile code at run time, or reach Node-only APIs. */
export const FORBIDDEN_IN_BUNDLE = {
  "eval(": /\beval\s*\(/,
  "new Function": /\bnew\s+Function\s*\(/,
  "Function(...) call": /(?<![\w$.])Function\s*\(/,
  "WebAssembly.instantiate/compile (bytes)": /WebAssembly\.(instantiate|instantiateStreaming|compile|compileStreaming)\b/,
  "import.meta.url (locating a .wasm to fetch)": /import\.meta\.url/,
  "a node: import": /(from\s*|import\s*\(\s*|require\s*\(\s*)["']node:/,
  "a Node built-in import": /(from\s*|import\s*\(\s*|require\s*\(\s*)["'](fs|fs\/promises|path|os|child_process|http|https|net|tls|crypto|process|buffer|stream|util)["']/,
  "process.env (also process?.env, globalThis.process)": /\bprocess\s*\??\.\s*env\b|globalThis\.process\b/,
  "readFileSync / readFile": /\breadFile(Sync)?\b/,
  "AWS SDK (@aws-sdk)": /@aws-sdk|aws-sdk/,
  "AWS SDK (@smithy)": /@smithy/,
  "AWS SDK credential chain": /fromNodeProviderChain|defaultProvider|fromIni\b/,
};

/** The FORBIDDEN_IN_BUNDLE patterns the source matches, each with its first line and the function around it. */
export function forbiddenIn(source) {
  const lines = source.split("\n");
  return Object.entries(FORBIDDEN_IN_BUNDLE).flatMap(([name, pattern]) => {
    const at = lines.findIndex((line) => pattern.test(line));
    if (at < 0) return pattern.test(source) ? [name] : [];
    const within = lines.slice(0, at).reverse().find((line) => /^(async )?function |^var \w+ = class/.test(line));
    return [`${name} at line ${at + 1}: ${lines[at].trim().slice(0, 100)}${within ? ` (in ${within.trim().slice(0, 60)})` : ""}`];
  });
}
