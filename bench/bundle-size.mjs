// What a Node program pays to connect a node-postgres pool with IAM auth:
// esbuild bundles (minified, platform node) of the same program with
// rds-iam-edge (pgPool + defaultCredentials(): the SDK-free chain) and with
// @aws-sdk/rds-signer (its Signer pulls in the SDK's Node credential
// chain), next to pg alone. Sizes are gzip -9; rds-iam-edge's wasm travels
// inside its JS (base64), so the bundle is the whole cost. Each
// bundle is run once (environment credentials, no network) to prove it
// signs. `node bench/bundle-size.mjs [--json]` after `make build`.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const ROOT = new URL("..", import.meta.url).pathname;
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const DB = `{ hostname: "db.example.com", port: 5432, username: "app_user", region: "us-east-1" }`;
const PROGRAMS = {
  "pg alone": `
    import pg from "pg";
    const pool = new pg.Pool({ host: "db.example.com", user: "app_user", password: async () => "password", max: 10 });
    pool.options.password().then((p) => console.log(typeof p), (e) => console.log(e.message)).finally(() => pool.end());`,
  "pg + rds-iam-edge": `
    import pg from "pg";
    import { defaultCredentials, pgConfig, pgPool } from "rds-iam-edge";
    const pool = pgPool(pg, { ...pgConfig({ ...${DB}, credentials: defaultCredentials() }), max: 10 });
    pool.options.password().then((p) => console.log(typeof p), (e) => console.log(e.message)).finally(() => pool.end());`,
  "pg + @aws-sdk/rds-signer": `
    import pg from "pg";
    import { Signer } from "@aws-sdk/rds-signer";
    const signer = new Signer(${DB});
    const pool = new pg.Pool({ host: "db.example.com", user: "app_user", password: () => signer.getAuthToken(), max: 10 });
    pool.options.password().then((p) => console.log(typeof p), (e) => console.log(e.message)).finally(() => pool.end());`,
};

const dir = mkdtempSync(join(tmpdir(), "rds-iam-edge-bundle-size-"));
try {
  // A consumer project: rds-iam-edge by name (its exports map picks the Node entry), the rest from this repo.
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(ROOT, "pkg"), join(dir, "node_modules", "rds-iam-edge"), "dir");
  const results = {};
  for (const [name, source] of Object.entries(PROGRAMS)) {
    const slug = name.replace(/[^a-z0-9]+/gi, "-");
    const entry = join(dir, `${slug}.mjs`);
    const outfile = join(dir, "out", slug, "main.cjs");
    writeFileSync(entry, source);
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      minify: true,
      platform: "node",
      format: "cjs", // as Lambda and most Node services run bundles
      target: "node18",
      nodePaths: [join(ROOT, "node_modules")],
      external: ["pg-native"],
      legalComments: "none",
      logLevel: "error",
    });
    const js = readFileSync(outfile);
    const env = { ...process.env, AWS_ACCESS_KEY_ID: "AKIDBUNDLESIZE000001", AWS_SECRET_ACCESS_KEY: "secret", AWS_REGION: "us-east-1", AWS_EC2_METADATA_DISABLED: "true" };
    const run = spawnSync(process.execPath, [outfile], { env, encoding: "utf8" });
    const printed = `${run.stdout}`.trim();
    if (run.status !== 0) throw new Error(`${name}: the bundle failed: ${`${run.stderr}`.split("\n").filter((l) => /Error/.test(l)).slice(0, 3).join(" | ").slice(0, 400)}`);
    if (printed !== "string") throw new Error(`${name}: the bundle did not produce a password (${printed})`);
    results[name] = { js: js.length, jsGzip: gzip(js) };
    results[name].totalGzip = results[name].jsGzip;
  }
  const base = results["pg alone"].totalGzip;
  for (const r of Object.values(results)) r.overPgGzip = r.totalGzip - base;

  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(results, null, 2));
  } else {
    console.log("esbuild --bundle --minify --platform=node, gzip -9 (rds-iam-edge's wasm is inside its JS)\n");
    for (const [name, r] of Object.entries(results)) {
      console.log(`${name.padEnd(26)} ${kb(r.totalGzip).padStart(9)}  (${kb(r.overPgGzip)} over pg alone)`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
