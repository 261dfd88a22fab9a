// One cold start, in this fresh process: performance.now() from just before
// the import to the first token, then a second token (another day, so its
// key is derived too: the difference is first-call compilation, JS and
// wasm). Prints one JSON line. bench/run.mjs copies this file next to an
// installed rds-iam-edge and runs it many times:
//
//   node cold-start.mjs <edge-esm|edge-cjs|sdk-esm|sdk-cjs|empty-esm|empty-cjs>
//   node cold-start.mjs <edge|sdk>-bundle-<cjs|esm>   (the bundles run.mjs
//                       writes beside this file, as CDK's NodejsFunction makes them)
//
// rds-iam-edge compiles its wasm (bytes inside its JS) on the first token,
// so that cost is in "first token", not in the import.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const which = process.argv[2];
const INPUT = {
  hostname: "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com",
  port: 5432,
  username: "app_user",
  region: "us-east-1",
  credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
};
const NEXT_DAY = Date.now() + 86_400_000;

const t0 = performance.now();
let first;
let second;
let t1;
let t2;
switch (which) {
  case "edge-esm":
  case "edge-cjs":
  case "edge-bundle-esm":
  case "edge-bundle-cjs": {
    const specifier = which.includes("bundle") ? `./bundle-edge.${which.endsWith("esm") ? "mjs" : "cjs"}` : "rds-iam-edge";
    const { signToken } = which.endsWith("esm") ? await import(specifier) : require(specifier);
    t1 = performance.now();
    first = signToken(INPUT);
    t2 = performance.now();
    second = signToken({ ...INPUT, now: NEXT_DAY });
    break;
  }
  case "sdk-esm":
  case "sdk-cjs":
  case "sdk-bundle-esm":
  case "sdk-bundle-cjs": {
    const specifier = which.includes("bundle") ? `./bundle-sdk.${which.endsWith("esm") ? "mjs" : "cjs"}` : "@aws-sdk/rds-signer";
    // No await on the require() path, here as in the edge cases: it would add a turn to the timed span.
    const { Signer } = which.endsWith("esm") ? await import(specifier) : require(specifier);
    t1 = performance.now();
    first = await new Signer(INPUT).getAuthToken();
    t2 = performance.now();
    second = await new Signer({ ...INPUT, hostname: `b.${INPUT.hostname}` }).getAuthToken();
    break;
  }
  case "empty-esm":
  case "empty-cjs": {
    // Node's own cost of a first dynamic import / require of a tiny module.
    const file = new URL(`empty-${process.pid}.${which === "empty-esm" ? "mjs" : "cjs"}`, import.meta.url);
    writeFileSync(file, which === "empty-esm" ? "export const x = 1;\n" : "exports.x = 1;\n");
    const t = performance.now();
    if (which === "empty-esm") await import(file.href);
    else require(file.pathname);
    const ms = performance.now() - t;
    (await import("node:fs")).rmSync(file);
    console.log(JSON.stringify({ which, importMs: ms, bootMs: t0 }));
    process.exit(0);
  }
  default:
    throw new Error(`unknown case ${which}`);
}
const t3 = performance.now();
if (typeof first !== "string" || !first.includes("X-Amz-Signature=") || typeof second !== "string") throw new Error("no token");
console.log(
  JSON.stringify({
    which,
    importMs: t1 - t0,
    firstTokenMs: t2 - t1,
    toFirstTokenMs: t2 - t0,
    secondTokenMs: t3 - t2,
    bootMs: t0, // from process start (timeOrigin) to the timed span
  }),
);
