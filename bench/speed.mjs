// Speed, in one Node process, side by side: signing a token (rds-iam-edge,
// @aws-sdk/rds-signer, a plain node:crypto presign, aws4fetch), the signing
// core inside wasm without the JS glue plus one SHA-256 compression in the
// same build (the floor), cache hits through authTokenProvider, and 1,000
// concurrent callers on a cold key.
//
//   node --expose-gc bench/speed.mjs [--quick] [--json out.json] [--wasm-core core.wasm]
//
// Method: every contender runs in rounds, interleaved with the others (the
// order rotates each round), so load from other processes spreads over all
// of them. ops/s is the median round's throughput (a tight loop, timer
// outside); p50/p99 come from calls timed one by one (performance.now()
// around each call; its own cost is reported as timerOverheadUs). Cache hits
// are timed in batches of 100 calls (the timer would dominate a single hit):
// p50/p99 of the batch means.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { AwsV4Signer } from "aws4fetch";
import { Signer as SdkSigner } from "@aws-sdk/rds-signer";
import { presignRdsToken } from "./baselines/node-crypto-presign.mjs";
import { CREDENTIALS, HOSTNAME, INPUT, INPUT_SESSION, PORT, REGION, SDK_CONFIG, SDK_CONFIG_SESSION, USERNAME } from "./lib/inputs.mjs";
import { median, percentile, round } from "./lib/stats.mjs";

const require = createRequire(import.meta.url);
const edge = require("../pkg");

const args = process.argv.slice(2);
const QUICK = args.includes("--quick");
const argValue = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const CONFIG = QUICK
  ? { rounds: 2, roundMs: 15, warmupMs: 15, samples: 100, hitBatches: 50, concurrentReps: 2, callers: 1000 }
  : { rounds: 9, roundMs: 400, warmupMs: 600, samples: 3000, hitBatches: 3000, concurrentReps: 25, callers: 1000 };
const gc = globalThis.gc ?? (() => {});
let sink = 0; // every result feeds it, so no call can be optimised away

// ---------------------------------------------------------------------------
// The contenders. `run(i)` returns a token (or a promise of one).

const tokenSigner = new edge.TokenSigner(INPUT);
const tokenSignerSession = new edge.TokenSigner(INPUT_SESSION);
const sdkSigner = new SdkSigner(SDK_CONFIG);
const sdkSignerSession = new SdkSigner(SDK_CONFIG_SESSION);
const cryptoKeys = new Map();
const aws4Cache = new Map();
const aws4Url = `https://${HOSTNAME}:${PORT}/?Action=connect&DBUser=${USERNAME}&X-Amz-Expires=900`;
const aws4 = (cache) =>
  new AwsV4Signer({ method: "GET", url: aws4Url, ...CREDENTIALS, service: "rds-db", region: REGION, signQuery: true, cache })
    .sign()
    .then((signed) => signed.url.toString().slice("https://".length));

const SIGNING = [
  // signToken keeps the module's key cache (found by a digest of the secret, hashed every call, and the
  // access key id, region and service) and its last layout (reused for the same input without a session token).
  { name: "rds-iam-edge signToken", anchor: false, run: () => edge.signToken(INPUT), note: "secret's tag per call, key and layout cached" },
  { name: "rds-iam-edge TokenSigner.sign", run: () => tokenSigner.sign(), note: "checked once, cached key" },
  { name: "@aws-sdk/rds-signer getAuthToken", anchor: true, async: true, run: () => sdkSigner.getAuthToken(), note: "one Signer, reused" },
  {
    name: "rds-iam-edge signToken, session token",
    session: true,
    run: () => edge.signToken(INPUT_SESSION),
    note: "880-char session token: laid out and hashed every call",
  },
  { name: "rds-iam-edge TokenSigner.sign, session token", session: true, run: () => tokenSignerSession.sign(), note: "880-char session token" },
  {
    name: "@aws-sdk/rds-signer getAuthToken, session token",
    session: true,
    async: true,
    run: () => sdkSignerSession.getAuthToken(),
    note: "880-char session token, one Signer",
  },
  {
    name: "@aws-sdk/rds-signer, new Signer per token",
    async: true,
    run: () => new SdkSigner(SDK_CONFIG).getAuthToken(),
    note: "as a handler that builds its Signer per call",
  },
  { name: "node:crypto presign", run: () => presignRdsToken(INPUT), note: "hand-written SigV4, key derived every call" },
  { name: "node:crypto presign, cached key", run: () => presignRdsToken(INPUT, cryptoKeys), note: "signing key cached per day" },
  { name: "aws4fetch AwsV4Signer (signQuery)", async: true, run: () => aws4(undefined), note: "new signer per token: key derived (WebCrypto)" },
  { name: "aws4fetch, shared key cache", async: true, run: () => aws4(aws4Cache), note: "as AwsClient reuses its key cache" },
];

// Each contender signs a token that verifies, for the same request.
for (const c of SIGNING) {
  const token = await c.run(1);
  const check = edge.verifyToken(token, {
    secretAccessKey: CREDENTIALS.secretAccessKey,
    username: USERNAME,
    hostname: HOSTNAME,
    port: PORT,
    now: edge.inspectToken(token).signedAt,
  });
  if (!check.ok) throw new Error(`${c.name} made a token that does not verify: ${check.code} ${check.reason}`);
}

// ---------------------------------------------------------------------------
// The core inside wasm (no JS glue), and one compression, in the same build.

function loadWasmCore(path) {
  if (!path) return undefined;
  const module = new WebAssembly.Module(readFileSync(path));
  // Whatever imports the crate brings along are never called.
  const imports = {};
  for (const i of WebAssembly.Module.imports(module)) {
    (imports[i.module] ??= {})[i.name] = () => {
      throw new Error(`${i.module}.${i.name} is a stub`);
    };
  }
  return new WebAssembly.Instance(module, imports).exports;
}
const core = loadWasmCore(argValue("--wasm-core"));
// Batched inside wasm: `perCall` units per JS call, so the JS call costs nothing.
const CORE = core
  ? [
      { name: "wasm core: token, cached key (no JS glue)", fn: core.bench_sign_cached, perCall: 200 },
      { name: "wasm core: token, cold key (no JS glue)", fn: core.bench_sign_cold, perCall: 200 },
      { name: "wasm core: one SHA-256 compression", fn: core.bench_compress, perCall: 20_000 },
    ]
  : [];

// ---------------------------------------------------------------------------
// Timing loops.

function syncRate(run, ms, start) {
  let i = start;
  const t0 = performance.now();
  let elapsed;
  do {
    for (let j = 0; j < 32; j++) sink += run(i++).length;
    elapsed = performance.now() - t0;
  } while (elapsed < ms);
  return { calls: i - start, perSec: ((i - start) / elapsed) * 1000 };
}

async function asyncRate(run, ms, start) {
  let i = start;
  const t0 = performance.now();
  let elapsed;
  do {
    for (let j = 0; j < 32; j++) sink += (await run(i++)).length;
    elapsed = performance.now() - t0;
  } while (elapsed < ms);
  return { calls: i - start, perSec: ((i - start) / elapsed) * 1000 };
}

function syncSamples(run, n, start, into) {
  for (let k = 0; k < n; k++) {
    const t0 = performance.now();
    sink += run(start + k).length;
    into.push((performance.now() - t0) * 1000);
  }
}

async function asyncSamples(run, n, start, into) {
  for (let k = 0; k < n; k++) {
    const t0 = performance.now();
    sink += (await run(start + k)).length;
    into.push((performance.now() - t0) * 1000);
  }
}

/** Units per second of a batched wasm export, over about `ms`. */
function coreRate({ fn, perCall }, ms) {
  let units = 0;
  const t0 = performance.now();
  let elapsed;
  do {
    sink += fn(perCall);
    units += perCall;
    elapsed = performance.now() - t0;
  } while (elapsed < ms);
  return (units / elapsed) * 1000;
}

function timerOverheadUs() {
  const xs = [];
  for (let k = 0; k < 20_000; k++) {
    const t0 = performance.now();
    xs.push((performance.now() - t0) * 1000);
  }
  return median(xs);
}

// ---------------------------------------------------------------------------

async function signingBench() {
  const state = SIGNING.map((c) => ({ ...c, rounds: [], samples: [], counter: 0 }));
  const coreState = CORE.map((c) => ({ ...c, rounds: [] }));
  for (const c of state) {
    const r = c.async ? await asyncRate(c.run, CONFIG.warmupMs, 0) : syncRate(c.run, CONFIG.warmupMs, 0);
    c.counter = r.calls;
  }
  for (const c of coreState) coreRate(c, CONFIG.warmupMs / 4);
  const all = [...state, ...coreState];
  for (let round = 0; round < CONFIG.rounds; round++) {
    for (let k = 0; k < all.length; k++) {
      const c = all[(k + round) % all.length];
      gc();
      if (c.fn) {
        c.rounds.push(coreRate(c, CONFIG.roundMs));
        continue;
      }
      const r = c.async ? await asyncRate(c.run, CONFIG.roundMs, c.counter) : syncRate(c.run, CONFIG.roundMs, c.counter);
      c.rounds.push(r.perSec);
      c.counter += r.calls;
      if (c.async) await asyncSamples(c.run, CONFIG.samples, c.counter, c.samples);
      else syncSamples(c.run, CONFIG.samples, c.counter, c.samples);
      c.counter += CONFIG.samples;
    }
    process.stderr.write(`speed: round ${round + 1}/${CONFIG.rounds}\n`);
  }
  const signing = state.map((c) => ({
    name: c.name,
    note: c.note,
    anchor: Boolean(c.anchor),
    session: Boolean(c.session),
    opsPerSec: Math.round(median(c.rounds)),
    p50Us: round(percentile(c.samples, 0.5)),
    p99Us: round(percentile(c.samples, 0.99)),
    roundOpsPerSec: c.rounds.map(Math.round),
    samples: c.samples.length,
  }));
  const wasmCore = coreState.map((c) => ({
    name: c.name,
    perSec: Math.round(median(c.rounds)),
    us: round(1e6 / median(c.rounds)),
    roundPerSec: c.rounds.map(Math.round),
  }));
  return { signing, wasmCore };
}

async function cacheHitBench() {
  const BATCH = 100;
  const provider = edge.authTokenProvider({ ...INPUT, cache: new edge.TokenCache() });
  const dropIn = new edge.Signer({ ...SDK_CONFIG, cache: new edge.TokenCache() });
  await provider();
  await dropIn.getAuthToken();
  const cases = [
    {
      name: "authTokenProvider: provider.sync() hit",
      batch: () => {
        for (let k = 0; k < BATCH; k++) sink += provider.sync().length;
      },
    },
    {
      name: "authTokenProvider: await provider() hit",
      batch: async () => {
        for (let k = 0; k < BATCH; k++) sink += (await provider()).length;
      },
    },
    {
      name: "Signer (drop-in): await getAuthToken() hit",
      batch: async () => {
        for (let k = 0; k < BATCH; k++) sink += (await dropIn.getAuthToken()).length;
      },
    },
  ].map((c) => ({ ...c, means: [] }));
  const perRound = Math.ceil(CONFIG.hitBatches / CONFIG.rounds);
  for (const c of cases) for (let k = 0; k < perRound; k++) await c.batch(); // warm-up
  for (let round = 0; round < CONFIG.rounds; round++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(k + round) % cases.length];
      gc();
      for (let b = 0; b < perRound; b++) {
        const t0 = performance.now();
        await c.batch();
        c.means.push(((performance.now() - t0) * 1000) / BATCH);
      }
    }
  }
  const stats = provider.stats();
  if (stats.signings !== 1) throw new Error(`the hit benchmark signed ${stats.signings} times`);
  await provider.close();
  return cases.map((c) => ({
    name: c.name,
    batch: BATCH,
    batches: c.means.length,
    p50Us: round(percentile(c.means, 0.5)),
    p99Us: round(percentile(c.means, 0.99)),
    callsPerSec: Math.round(1e6 / percentile(c.means, 0.5)),
  }));
}

async function concurrentBench() {
  const N = CONFIG.callers;
  const cases = [
    {
      name: "authTokenProvider, static credentials",
      setup: () => edge.authTokenProvider({ ...INPUT, cache: new edge.TokenCache() }),
      call: (p) => p(),
      count: (p) => p.stats(),
    },
    {
      name: "authTokenProvider, async credential provider",
      // A fresh provider function per repetition: nothing fetched yet.
      setup: () => edge.authTokenProvider({ ...INPUT, credentials: async () => ({ ...CREDENTIALS }), cache: new edge.TokenCache() }),
      call: (p) => p(),
      count: (p) => p.stats(),
    },
    {
      name: "Signer (drop-in) getAuthToken",
      setup: () => {
        const signings = { signings: 0, credentialFetches: 0 };
        const onEvent = (e) => void (e.type === "sign" && signings.signings++);
        return { signer: new edge.Signer({ ...SDK_CONFIG, cache: new edge.TokenCache(), onEvent }), signings };
      },
      call: (s) => s.signer.getAuthToken(),
      count: (s) => s.signings,
    },
    {
      name: "@aws-sdk/rds-signer getAuthToken",
      anchor: true,
      setup: () => new SdkSigner(SDK_CONFIG),
      call: (s) => s.getAuthToken(),
      signings: N, // it signs on every call
    },
  ].map((c) => ({ ...c, ms: [], signings: c.signings, credentialFetches: undefined }));
  for (let rep = -1; rep < CONFIG.concurrentReps; rep++) {
    for (const c of cases) {
      gc();
      const target = c.setup();
      const t0 = performance.now();
      const calls = new Array(N);
      for (let k = 0; k < N; k++) calls[k] = c.call(target);
      const tokens = await Promise.all(calls);
      const ms = performance.now() - t0;
      sink += tokens[N - 1].length;
      if (rep < 0) continue; // warm-up
      c.ms.push(ms);
      if (c.count) {
        const s = c.count(target);
        c.signings = s.signings;
        c.credentialFetches = s.credentialFetches;
        await target.close?.();
      }
    }
  }
  return cases.map((c) => ({
    name: c.name,
    anchor: Boolean(c.anchor),
    callers: N,
    medianMs: round(median(c.ms)),
    minMs: round(Math.min(...c.ms)),
    maxMs: round(Math.max(...c.ms)),
    reps: c.ms.length,
    signings: c.signings ?? null,
    credentialFetches: c.credentialFetches ?? null,
  }));
}

const timer = timerOverheadUs();
const { signing, wasmCore } = await signingBench();
const cacheHits = await cacheHitBench();
const concurrent = await concurrentBench();
const result = {
  config: CONFIG,
  timerOverheadUs: round(timer, 3),
  gcBetweenRounds: typeof globalThis.gc === "function",
  signing,
  wasmCore,
  cacheHits,
  concurrent,
  sink: sink > 0,
};
const out = argValue("--json");
if (out) writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
else console.log(JSON.stringify(result, null, 2));
