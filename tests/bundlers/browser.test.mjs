// Browser builds with no loader configuration, run in headless Chromium:
// vite, esbuild (its default iife format, which has no top-level await, and
// --conditions=worker inside a Web Worker), webpack, rollup, bun build, and Parcel (which
// reads no package "exports" unless the app opts in: the package's
// `browser` field and its inspect/package.json lead it). The wasm travels in
// the JS, so no page may request a .wasm file. And a page whose
// Content-Security-Policy refuses wasm gets a typed error.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { BIN, chromium, GOLDEN, project, serve, SIGN_ALL, webpackBuild } from "./helpers.mjs";

const MAIN = `
import { signToken, TokenSigner, inspectToken } from "rds-iam-edge";
import vectors from "./vectors.json";
${SIGN_ALL}
globalThis.__results = results;
`;
// Parcel: the subpath too, which it resolves as a directory.
const PARCEL_MAIN = `
import { signToken, TokenSigner } from "rds-iam-edge";
import { inspectToken } from "rds-iam-edge/inspect";
import vectors from "../vectors.json";
${SIGN_ALL}
globalThis.__results = results;
`;
// Under a Content-Security-Policy without 'wasm-unsafe-eval' Chromium
// refuses to compile the module: the page must get a typed error.
const CSP_MAIN = `
import { signToken, RdsIamError } from "rds-iam-edge";
import vectors from "./vectors.json";
let outcome;
try {
  signToken({ ...vectors[0].input, now: vectors[0].now });
  outcome = "signed";
} catch (e) {
  outcome = { rds: e instanceof RdsIamError, code: e.code, reason: e.reason };
}
globalThis.__results = outcome;
`;
const WORKER = `
import { signToken, TokenSigner, inspectToken } from "rds-iam-edge";
import vectors from "./vectors.json";
${SIGN_ALL}
postMessage(results);
`;
const page = (script, type = "") => `<!doctype html><meta charset="utf-8"><title>rds-iam-edge</title><link rel="icon" href="data:,"><script ${type} src="${script}"></script>\n`;

describe("browsers: bundled without configuration, run in Chromium", () => {
  let scratch, chrome, server;
  before(async () => {
    scratch = project({
      "main.js": MAIN,
      "worker.js": WORKER,
      "index.html": page("./main.js", 'type="module"'),
      // rollup reads no JSON without a plugin: the same vectors as a module.
      "rollup-main.js": MAIN.replace("./vectors.json", "./vectors.js"),
      "parcel/main.js": PARCEL_MAIN,
      "parcel/index.html": page("./main.js", 'type="module"'),
      "csp-main.js": CSP_MAIN,
    });
    writeFileSync(join(scratch.dir, "vectors.js"), `export default ${JSON.stringify(GOLDEN)};\n`);
    chrome = await chromium();
  });
  after(async () => {
    await server?.close();
    await chrome?.close();
    scratch?.cleanup();
  });

  /** Opens `path` of a build served from `dir`; returns the page's results and the paths it asked for. */
  async function run(dir, path = "/index.html") {
    await server?.close();
    server = await serve(dir);
    const tab = await chrome.browser.newPage();
    const problems = [];
    tab.on("pageerror", (e) => problems.push(String(e)));
    tab.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    try {
      await tab.goto(`${server.url}${path}`);
      const results = await tab.waitForFunction(() => globalThis.__results, null, { timeout: 20_000 }).then((h) => h.jsonValue());
      assert.deepEqual(problems, []);
      return { results, requests: server.requests };
    } finally {
      await tab.close();
    }
  }

  function assertSigned({ results, requests }) {
    assert.equal(results.length, 5);
    for (const r of results) assert.ok(r.ok, `${r.id}: ${r.error ?? "wrong token"}`);
    assert.deepEqual(requests.filter((p) => p.endsWith(".wasm")), [], "no .wasm fetched");
  }

  test("vite build", async () => {
    const { build } = await import("vite");
    await build({ root: scratch.dir, logLevel: "error", build: { outDir: join(scratch.dir, "vite-dist"), emptyOutDir: true } });
    assertSigned(await run(join(scratch.dir, "vite-dist")));
  });

  test("esbuild --bundle --platform=browser (iife: no top-level await)", async () => {
    const out = join(scratch.dir, "iife");
    execFileSync(join(BIN, "esbuild"), ["main.js", "--bundle", "--platform=browser", `--outfile=${out}/main.js`, "--log-level=warning"], { cwd: scratch.dir });
    writeFileSync(join(out, "index.html"), page("./main.js"));
    assertSigned(await run(out));
  });

  test("esbuild --conditions=worker, in a Web Worker", async () => {
    const out = join(scratch.dir, "worker");
    execFileSync(join(BIN, "esbuild"), ["worker.js", "--bundle", "--platform=browser", "--conditions=worker", `--outfile=${out}/worker.js`, "--log-level=warning"], {
      cwd: scratch.dir,
    });
    writeFileSync(join(out, "start.js"), `new Worker("./worker.js").onmessage = (e) => { globalThis.__results = e.data; };\n`);
    writeFileSync(join(out, "index.html"), page("./start.js"));
    assertSigned(await run(out));
  });

  test("webpack (production, target web)", async () => {
    const out = join(scratch.dir, "webpack");
    await webpackBuild(scratch.dir, "./main.js", "web", out);
    writeFileSync(join(out, "index.html"), page("./main.js"));
    assertSigned(await run(out));
  });

  test("rollup with @rollup/plugin-node-resolve (browser)", async () => {
    const { rollup } = await import("rollup");
    const { nodeResolve } = await import("@rollup/plugin-node-resolve");
    const out = join(scratch.dir, "rollup");
    const bundle = await rollup({ input: join(scratch.dir, "rollup-main.js"), plugins: [nodeResolve({ browser: true })], onwarn: () => {} });
    await bundle.write({ file: join(out, "main.js"), format: "es" });
    await bundle.close();
    writeFileSync(join(out, "index.html"), page("./main.js", 'type="module"'));
    assertSigned(await run(out));
  });

  test("bun build --target=browser", async () => {
    const out = join(scratch.dir, "bun");
    execFileSync(join(BIN, "bun"), ["build", "main.js", "--target=browser", `--outdir=${out}`], { cwd: scratch.dir, stdio: ["ignore", "pipe", "pipe"] });
    writeFileSync(join(out, "index.html"), page("./main.js", 'type="module"'));
    assertSigned(await run(out));
  });

  test("parcel build (no package.json of the app's own, no opt-in to exports)", async () => {
    const out = join(scratch.dir, "parcel-dist");
    // --no-autoinstall: a Node build picked by mistake would have Parcel
    // install polyfills for node:fs and friends instead of failing.
    execFileSync(
      join(BIN, "parcel"),
      ["build", "parcel/index.html", "--dist-dir", out, "--public-url", "./", "--no-cache", "--no-autoinstall", "--no-source-maps", "--log-level", "error"],
      { cwd: scratch.dir, stdio: ["ignore", "pipe", "pipe"] },
    );
    assertSigned(await run(out));
  });

  test("a Content-Security-Policy without 'wasm-unsafe-eval': WASM_UNAVAILABLE, not the engine's CompileError", async () => {
    const out = join(scratch.dir, "csp");
    execFileSync(join(BIN, "esbuild"), ["csp-main.js", "--bundle", "--platform=browser", `--outfile=${out}/main.js`, "--log-level=warning"], { cwd: scratch.dir });
    writeFileSync(join(out, "index.html"), page("./main.js"));
    await server?.close();
    server = await serve(out, { "content-security-policy": "default-src 'self'; script-src 'self'" });
    const tab = await chrome.browser.newPage();
    const thrown = [];
    tab.on("pageerror", (e) => thrown.push(String(e)));
    try {
      await tab.goto(`${server.url}/index.html`);
      const outcome = await tab.waitForFunction(() => globalThis.__results, null, { timeout: 20_000 }).then((h) => h.jsonValue());
      assert.deepEqual(outcome, {
        rds: true,
        code: "WASM_UNAVAILABLE",
        reason: "this runtime refused to compile or run the signer's WebAssembly (CompileError): a page's Content-Security-Policy must allow 'wasm-unsafe-eval'; Cloudflare Workers need the package's workerd build (wrangler picks it)",
      });
      assert.deepEqual(thrown, []);
    } finally {
      await tab.close();
    }
  });
});
