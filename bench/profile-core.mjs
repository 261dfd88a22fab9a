// Where a token's time goes inside wasm: V8's sampling profiler over the
// bench/wasm-core module built with its function names kept (the same code
// as core.wasm otherwise), self time grouped by what the functions do.
//
//   node bench/profile-core.mjs <core-names.wasm> [seconds]   prints JSON
import { readFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

const [path, seconds = "3"] = process.argv.slice(2);
const module = new WebAssembly.Module(readFileSync(path));
const imports = {};
for (const i of WebAssembly.Module.imports(module)) {
  (imports[i.module] ??= {})[i.name] = () => {
    throw new Error(`${i.module}.${i.name} is a stub`);
  };
}
const core = new WebAssembly.Instance(module, imports).exports;

// First match wins; names are Rust's mangled symbols from the name section.
const GROUPS = [
  ["SHA-256 and HMAC", /sha2|sha256|compress256|hmac|Hmac|digest|block_buffer/],
  ["percent-encoding", /rds_iam_edge6encode/],
  ["allocator", /lol_alloc|FreeListAllocator|talc|Talc|__rust_alloc|__rust_dealloc|__rust_realloc|alloc_impl|deallocate|try_allocate_in|GlobalAlloc/],
  ["string and vector building", /String|Vec|append_elements|reserve|write_to|memcpy|memmove|memset|push/],
  ["hex", /rds_iam_edge3hex/],
];

/** `_ZN4sha26sha25611compress256...E` -> `sha2::sha256::compress256` (legacy and v0 manglings, roughly). */
function demangle(symbol) {
  if (!/^_[ZR]/.test(symbol)) return symbol;
  // v0: drop crate disambiguators (Cs<hash>_) and back-references (B<n>_).
  if (symbol.startsWith("_R")) symbol = symbol.replace(/Cs[0-9A-Za-z]*_|B[0-9A-Za-z]*_/g, "");
  const parts = [];
  for (let i = 2; i < symbol.length; ) {
    const digits = /^\d+/.exec(symbol.slice(i));
    if (!digits) {
      i++;
      continue;
    }
    const n = Number(digits[0]);
    const ident = symbol.slice(i + digits[0].length, i + digits[0].length + n);
    if (ident.length === n && /^[A-Za-z_$][\w$.]*$/.test(ident) && !/^h[0-9a-f]{16}$/.test(ident)) parts.push(ident.replace(/\$LT\$.*$/, "<..>"));
    i += digits[0].length + Math.max(n, 1);
  }
  return parts.length ? parts.join("::") : symbol;
}

async function profile(name, fn, perCall) {
  fn(perCall * 10); // compile and tier up first
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 50 });
  await session.post("Profiler.start");
  const t0 = performance.now();
  let units = 0;
  while (performance.now() - t0 < Number(seconds) * 1000) {
    fn(perCall);
    units += perCall;
  }
  const us = ((performance.now() - t0) * 1000) / units;
  const { profile: p } = await session.post("Profiler.stop");
  session.disconnect();
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  p.samples.forEach((id, i) => {
    const fnName = byId.get(id).callFrame.functionName || "(anonymous)";
    const dt = p.timeDeltas[i] ?? 0;
    self.set(fnName, (self.get(fnName) ?? 0) + dt);
    total += dt;
  });
  const groups = {};
  for (const [fnName, t] of self) {
    const group = /^\(/.test(fnName) || fnName.startsWith("js-to-wasm") || !/_/.test(fnName) ? "JS loop and profiler" : GROUPS.find(([, re]) => re.test(fnName))?.[0] ?? "other Rust";
    groups[group] = (groups[group] ?? 0) + t;
  }
  const share = (t) => Math.round((1000 * t) / total) / 10;
  return {
    name,
    usPerToken: Math.round(us * 1000) / 1000,
    samples: p.samples.length,
    groupsPercent: Object.fromEntries(Object.entries(groups).sort((a, b) => b[1] - a[1]).map(([g, t]) => [g, share(t)])),
    topFunctionsPercent: Object.fromEntries([...self].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([f, t]) => [demangle(f), share(t)])),
  };
}

const result = [
  await profile("token, cached key", core.bench_sign_cached, 200),
  await profile("token, cold key", core.bench_sign_cold, 200),
];
console.log(JSON.stringify(result, null, 2));
