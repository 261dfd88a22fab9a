// Measures what a token costs through authTokenProvider: a cache hit
// (async and sync), a miss that signs (credentials known), a miss that
// also fetches credentials and builds a new signer, and, for comparison,
// @aws-sdk/rds-signer's getAuthToken (which signs on every call).
// Run after `make build`: node bench/cache-cost.mjs
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const { authTokenProvider, TokenCache } = require("../pkg");

const CREDS = { accessKeyId: "ASIAEXAMPLECOST00001", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", sessionToken: "FwoGZXIvYXdzEJr//////////wEaDH+Q==".repeat(20) };
const BASE = { hostname: "db.cluster-abc.us-east-1.rds.amazonaws.com", port: 5432, username: "app_user", region: "us-east-1" };

async function measure(name, iterations, fn) {
  for (let i = 0; i < Math.min(iterations, 2000); i++) await fn(i); // warm up
  const rounds = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) await fn(i);
    rounds.push(((performance.now() - start) * 1e6) / iterations);
  }
  rounds.sort((a, b) => a - b);
  const median = rounds[2];
  console.log(`${name.padEnd(58)} ${median >= 1000 ? `${(median / 1000).toFixed(2)} µs` : `${median.toFixed(0)} ns`}`);
}

let t = Date.UTC(2025, 0, 1);
const clock = () => t;

const hit = authTokenProvider({ ...BASE, credentials: CREDS, clock, cache: new TokenCache() });
await hit();
await measure("hit: await provider()", 1_000_000, () => hit());
await measure("hit: provider.sync()", 1_000_000, () => hit.sync());

const miss = authTokenProvider({ ...BASE, credentials: CREDS, clock, refreshAheadSeconds: 0, cache: new TokenCache() });
await measure("miss, 680-char session token: await provider() (signs)", 20_000, () => {
  t += 900_000; // past the usable end: every call signs
  return miss();
});

const longTerm = authTokenProvider({ ...BASE, credentials: { accessKeyId: "AKIAEXAMPLECOST00001", secretAccessKey: CREDS.secretAccessKey }, clock, refreshAheadSeconds: 0, cache: new TokenCache() });
await measure("miss, long-term keys (no session token): await provider()", 20_000, () => {
  t += 900_000;
  return longTerm();
});

const fetched = authTokenProvider({ ...BASE, credentials: async () => ({ ...CREDS }), clock, cache: new TokenCache() });
await measure("miss, credentials fetched: invalidate(); await provider()", 20_000, () => {
  fetched.invalidate(); // forget token and identity: fetch, new signer, sign
  return fetched();
});

try {
  const { Signer } = require("@aws-sdk/rds-signer");
  const sdk = new Signer({ ...BASE, credentials: CREDS });
  await measure("@aws-sdk/rds-signer getAuthToken() (no cache)", 5_000, () => sdk.getAuthToken());
} catch {
  console.log("@aws-sdk/rds-signer not installed: npm install");
}
console.log(`node ${process.version}, ${process.arch}`);
