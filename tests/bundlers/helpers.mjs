// Shared by the bundler and type tests (not a test file itself): a scratch
// project with rds-iam-edge installed as npm would (a copy of pkg/), the
// golden cases, a static server and headless Chromium.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { inputFor } from "../golden-input.mjs";

export const ROOT = new URL("../../", import.meta.url).pathname;
export const PKG = join(ROOT, "pkg");
export const BIN = join(ROOT, "node_modules", ".bin");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

const CASES = JSON.parse(readFileSync(join(ROOT, "tests/data/tokens/tokens.json"), "utf8"));
const byId = (id) => CASES.find((c) => c.id === id);
/** One golden case per kind, with and without a session token. */
export const GOLDEN = ["rds-009", "rds-040", "dsql-049", "elasticache-001", "memorydb-005"].map((id) => {
  const c = byId(id);
  return { id, input: inputFor(c, { withNow: false }), now: c.epoch_ms, expected: c.expected_token };
});

/** The program every bundle runs: each golden case by signToken, TokenSigner and inspectToken. */
export const SIGN_ALL = `
const results = vectors.map((v) => {
  try {
    const token = signToken({ ...v.input, now: v.now });
    const again = new TokenSigner(v.input).sign(v.now);
    return { id: v.id, ok: token === v.expected && again === v.expected && inspectToken(token).hostname === v.input.hostname };
  } catch (error) {
    return { id: v.id, ok: false, error: String(error) };
  }
});
`;

/** A scratch project: node_modules/rds-iam-edge is a copy of pkg/, plus `files`. */
export function project(files = {}) {
  const dir = mkdtempSync(join(tmpdir(), "rds-iam-edge-bundlers-"));
  const into = join(dir, "node_modules", "rds-iam-edge");
  mkdirSync(into, { recursive: true });
  // What npm would install: package.json and its "files".
  const installed = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8")).files;
  for (const entry of ["package.json", ...installed]) cpSync(join(PKG, entry), join(into, entry), { recursive: true });
  writeFileSync(join(dir, "vectors.json"), JSON.stringify(GOLDEN));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs webpack in production mode on `dir`'s `entry`, writing `filename` into `out`; fails the test on any webpack error. */
export async function webpackBuild(dir, entry, target, out, { filename = "main.js", library } = {}) {
  const { default: webpack } = await import("webpack");
  const config = { mode: "production", context: dir, entry, target, output: { path: out, filename, ...(library ? { library } : {}) } };
  const stats = await new Promise((resolve, reject) => webpack(config, (error, s) => (error ? reject(error) : resolve(s))));
  if (stats.hasErrors()) throw new Error(stats.toString("errors-only"));
  return join(out, filename);
}

/** An empty directory (a Lambda's /var/task holding nothing but the bundle). */
export function emptyDir() {
  const dir = mkdtempSync(join(tmpdir(), "rds-iam-edge-alone-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

/** Serves `dir` on 127.0.0.1 with `headers` on every answer; records every path asked for. */
export async function serve(dir, headers = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push(path);
    const file = normalize(join(dir, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    try {
      const body = readFileSync(file);
      res.writeHead(200, { ...headers, "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, requests, close: () => new Promise((r) => server.close(r)) };
}

/** Headless Chromium (Debian's) through playwright-core (which gives it a fresh profile). */
export async function chromium() {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ],
  });
  return { browser, close: () => browser.close() };
}
