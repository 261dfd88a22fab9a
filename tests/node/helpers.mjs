// Shared by the node:test files in this folder (not a test file itself):
// loads the built pkg/ every way a Node user can, and turns the golden cases
// of tests/data/tokens/tokens.json into TokenInput objects.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const PKG = join(ROOT, "pkg");

const require = createRequire(import.meta.url);

/** The golden cases, in file order. */
export const CASES = JSON.parse(readFileSync(join(ROOT, "tests/data/tokens/tokens.json"), "utf8"));

/** Golden inputs the signer refuses, by id, with the error it must give (see the file). */
export const REFUSED = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(ROOT, "tests/data/tokens/refused.json"), "utf8"))).filter(([id]) => id !== "//"),
);

/** The golden cases whose input signs: every case but REFUSED's. */
export const SIGNABLE = CASES.filter((c) => !(c.id in REFUSED));

/** The package loaded with `require("../../pkg")` (the `main`/`require` entry). */
export const cjs = require("../../pkg");

/** The ESM face of the Node build, imported by path. */
export const esm = await import("../../pkg/dist/node.mjs");

/**
 * The package imported and required by its name, as a user's project does:
 * a temp project whose node_modules/rds-iam-edge links to pkg/, so Node's
 * own resolver reads the `exports` map. Returns both module namespaces and
 * the files each condition resolved to; `cleanup()` removes the project.
 */
export async function loadByName() {
  const dir = mkdtempSync(join(tmpdir(), "rds-iam-edge-node-test-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(PKG, join(dir, "node_modules", "rds-iam-edge"), "dir");
  writeFileSync(join(dir, "package.json"), '{ "name": "consumer", "private": true, "type": "module" }\n');
  writeFileSync(
    join(dir, "consumer.mjs"),
    [
      'import * as api from "rds-iam-edge";',
      'import { createRequire } from "node:module";',
      "const require = createRequire(import.meta.url);",
      'export const imported = api;',
      'export const required = require("rds-iam-edge");',
      'export const importPath = import.meta.resolve("rds-iam-edge");',
      'export const requirePath = require.resolve("rds-iam-edge");',
      "",
    ].join("\n"),
  );
  const consumer = await import(pathToFileURL(join(dir, "consumer.mjs")).href);
  return { ...consumer, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A golden case as the TokenInput the public API takes (`now` included unless told). */
export { inputFor } from "../golden-input.mjs";

/** The TokenInfo that inspectToken must return for a golden case. */
export function expectedInfo(c) {
  const signedAt = Math.floor(c.epoch_ms / 1000) * 1000;
  return {
    service: c.kind,
    signingService: c.service,
    action: c.action,
    hostname: c.host,
    port: c.port ?? null,
    username: c.user ?? null,
    region: c.region,
    accessKeyId: c.accessKeyId,
    signedAt,
    expiresIn: c.expiresIn,
    expiresAt: signedAt + c.expiresIn * 1000,
    hasSessionToken: c.sessionToken !== null && c.sessionToken !== undefined,
    serverless: c.serverless === true,
  };
}

/** A small seeded PRNG (mulberry32), so a sweep is reproducible from its seed. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  return { next, int, pick };
}

/**
 * The warnings tokenWarnings gives a golden token at its signing time: port
 * 443, and a host that is no RDS endpoint (botocore's example host
 * `prod-instance.us-east-1.rds.amazonaws.com` has no instance id, so the
 * core reads no region from it).
 */
export function goldenWarnings(c) {
  const codes = [];
  if (c.port === 443) codes.push("PORT_443");
  if (c.host === "prod-instance.us-east-1.rds.amazonaws.com") codes.push("NOT_AN_RDS_ENDPOINT");
  return codes;
}
