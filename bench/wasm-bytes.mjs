// Where the signing module's bytes go: cargo's output as `make build` kept
// it (target/wasm-modules/sign.wasm) through wasm-opt as scripts/build.py
// does, but keeping function names; then the code section is split by
// function and grouped by crate. Section sizes are checked against the
// shipped pkg/wasm/sign.wasm.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const SECTION_NAMES = { 0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global", 7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount" };

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = bytes[i++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, i];
  }
}

/** Sections, imported function count, code body sizes and the name section's function names. */
export function parseWasm(bytes) {
  const sections = {};
  const bodies = [];
  const names = new Map();
  let importedFunctions = 0;
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    const end = start + size;
    let label = SECTION_NAMES[id] ?? `section ${id}`;
    if (id === 0) {
      const [n, s] = leb(bytes, start);
      const name = new TextDecoder().decode(bytes.subarray(s, s + n));
      label = `custom "${name}"`;
      if (name === "name") {
        for (let p = s + n; p < end; ) {
          const sub = bytes[p];
          const [len, q] = leb(bytes, p + 1);
          if (sub === 1) {
            let [count, r] = leb(bytes, q);
            for (; count > 0; count--) {
              const [index, r1] = leb(bytes, r);
              const [nameLen, r2] = leb(bytes, r1);
              names.set(index, new TextDecoder().decode(bytes.subarray(r2, r2 + nameLen)));
              r = r2 + nameLen;
            }
          }
          p = q + len;
        }
      }
    } else if (id === 2) {
      let [count, p] = leb(bytes, start);
      for (; count > 0; count--) {
        for (let k = 0; k < 2; k++) {
          const [len, q] = leb(bytes, p);
          p = q + len;
        }
        const kind = bytes[p++];
        if (kind === 0) {
          importedFunctions++;
          p = leb(bytes, p)[1];
        } else if (kind === 1) {
          p += 1; // reftype
          const flags = bytes[p++];
          p = leb(bytes, p)[1];
          if (flags & 1) p = leb(bytes, p)[1];
        } else if (kind === 2) {
          const flags = bytes[p++];
          p = leb(bytes, p)[1];
          if (flags & 1) p = leb(bytes, p)[1];
        } else if (kind === 3) {
          p += 2;
        }
      }
    } else if (id === 10) {
      let [count, p] = leb(bytes, start);
      for (let k = 0; k < count; k++) {
        const [len, q] = leb(bytes, p);
        bodies.push({ index: importedFunctions + k, bytes: len + (q - p) });
        p = q + len;
      }
    }
    sections[label] = (sections[label] ?? 0) + (end - at);
    at = end;
  }
  return { sections, bodies: bodies.map((b) => ({ ...b, name: names.get(b.index) ?? `function ${b.index}` })) };
}

/** The crate of a mangled Rust symbol (legacy `_ZN` or v0 `_R`), else null. */
function demangledCrate(name) {
  // Both manglings spell a path segment as its length, then its text.
  const segment = (text) => {
    const m = /^(\d+)/.exec(text);
    return m ? text.slice(m[1].length, m[1].length + Number(m[1])) : null;
  };
  if (name.startsWith("_ZN")) {
    const first = segment(name.slice(3));
    return first?.replace(/^_\$LT\$(\$RF\$)?/, "").split(/\.\.|\$u20\$/)[0] ?? null;
  }
  const v0 = /^_R\w*?C(?:s\w+?_)?(\d+\w+)/.exec(name);
  return v0 ? segment(v0[1]) : null;
}

/** The crate a demangled Rust name belongs to (the first path segment outside <impl ...>). */
function crateOf(name) {
  const mangled = demangledCrate(name);
  if (mangled) return mangled.replace(/^_+/, "");
  const cleaned = name.replace(/\[[0-9a-f]+\]/g, "").replace(/^<(?:&(?:mut )?)?/, "").replace(/^\w+ as /, "");
  const first = /^([A-Za-z_][\w]*)::/.exec(cleaned);
  if (first) return first[1];
  if (/^(memcpy|memmove|memset|memcmp|__rust|__wbindgen|__externref|__wbg)/.test(name)) return /^(mem\w+)/.test(name) ? "compiler builtins" : "wasm-bindgen glue";
  return "other";
}

export function wasmBytes() {
  const out = join(ROOT, "target", "bench", "wasm-names");
  mkdirSync(out, { recursive: true });
  const input = join(ROOT, "target", "wasm-modules", "sign.wasm");
  const toml = readFileSync(join(ROOT, "wasm-pack.toml"), "utf8");
  const flags = [...(/\[wasm-opt\][\s\S]*?flags\s*=\s*\[([\s\S]*?)\]/.exec(toml)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  const named = join(out, "names.wasm");
  execFileSync(join(ROOT, "node_modules/.bin/wasm-opt"), [...flags.filter((f) => !f.startsWith("--strip")), "-g", input, "-o", named]);
  const ours = parseWasm(readFileSync(named));
  const shipped = parseWasm(readFileSync(join(ROOT, "pkg", "wasm", "sign.wasm")));
  const byCrate = {};
  for (const b of ours.bodies) byCrate[crateOf(b.name)] = (byCrate[crateOf(b.name)] ?? 0) + b.bytes;
  const code = ours.sections.code;
  return {
    shippedSections: shipped.sections,
    namedBuildSections: Object.fromEntries(Object.entries(ours.sections).filter(([k]) => !k.startsWith("custom"))),
    sameCodeSize: ours.sections.code === shipped.sections.code,
    functions: ours.bodies.length,
    codeBytesByCrate: Object.fromEntries(Object.entries(byCrate).sort((a, b) => b[1] - a[1])),
    codeShareByCrate: Object.fromEntries(Object.entries(byCrate).sort((a, b) => b[1] - a[1]).map(([c, n]) => [c, Math.round((1000 * n) / code) / 10])),
    codeBytes: code,
    largestFunctions: ours.bodies.sort((a, b) => b.bytes - a.bytes).slice(0, 15).map((b) => [b.name.slice(0, 120), b.bytes]),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(wasmBytes(), null, 2));
