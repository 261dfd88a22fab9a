// Shared by the wrapper tests (cache, provider, signer-compat, drivers,
// redaction); not a test file itself. Loads the built package both ways and
// gives the tests a hand-driven clock, deferred promises and secret markers.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The package through `require` (CJS) and through `import` (ESM face of the same build). */
export const cjs = require("../../pkg");
export const esm = await import("../../pkg/dist/node.mjs");

/** The golden RDS cases. */
export const RDS_CASES = JSON.parse(
  readFileSync(new URL("../data/tokens/tokens.json", import.meta.url), "utf8"),
).filter((c) => c.kind === "rds");

// Marker strings: no printout, event or error may contain them.
export const SECRET = "SECRETMARKERwJalrXUtnFEMI/K7MDENG/bPxRfiCY";
export const SESSION = "SESSIONMARKERFwoGZXIvYXdzEJr//////////wEaDH+Q==";
export const AKID = "ASIAEXAMPLEWRAPPER01";

export const CREDS = Object.freeze({ accessKeyId: AKID, secretAccessKey: SECRET, sessionToken: SESSION });

/** RDS options for authTokenProvider without the cache plumbing. */
export function rds(extra = {}) {
  return {
    hostname: "db.cluster-abc.us-east-1.rds.amazonaws.com",
    port: 5432,
    username: "app_user",
    region: "us-east-1",
    credentials: CREDS,
    ...extra,
  };
}

/** A clock the test moves by hand (epoch ms). */
export function manualClock(start = Date.UTC(2024, 5, 1, 12, 0, 0)) {
  const c = {
    t: start,
    clock: () => c.t,
    advance(ms) {
      c.t += ms;
    },
    set(ms) {
      c.t = ms;
    },
  };
  return c;
}

/** A promise with its resolve/reject exposed. */
export function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued microtask and pending I/O callback run (no timing involved). */
export async function settle() {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
}

/**
 * An SDK-v3-shaped async credential provider the test controls: every call
 * is recorded, and answered by `answer(call)` (an identity, a promise, or a
 * thrown error).
 */
export function scriptedProvider(answer) {
  const calls = [];
  const provider = async (options) => {
    calls.push(options ?? {});
    return answer(calls.length, options ?? {});
  };
  provider.calls = calls;
  return provider;
}

/** Fails the test if `text` contains any secret marker or any of `tokens`. */
export function assertClean(assert, text, tokens = [], what = "output") {
  for (const needle of [SECRET, SESSION, ...tokens]) {
    assert.ok(!String(text).includes(needle), `${what} leaks ${needle.slice(0, 24)}...: ${String(text).slice(0, 300)}`);
  }
}

/** A small seeded PRNG (splitmix32), so a random sweep is reproducible from its seed. */
export function random(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  const string = (alphabet, min, max) => {
    const chars = [...alphabet];
    let out = "";
    for (let i = min + int(max - min + 1); i > 0; i--) out += pick(chars);
    return out;
  };
  return { next, int, pick, string };
}
