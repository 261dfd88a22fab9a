// jsdom (Jest's "jsdom" test environment) has no TextEncoder or TextDecoder.
// The browser builds then do UTF-8 through the URI functions
// (js/src/utf8/jsdom.ts): a child process deletes both globals, loads each browser
// build, and must get every golden token, and the same answers as a runtime
// with them for non-ASCII and ill-formed text.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";

import { PKG, SIGNABLE, inputFor } from "./helpers.mjs";

// Text the boundary must carry byte for byte: 2-, 3- and 4-byte UTF-8, and
// lone surrogates (TextEncoder writes U+FFFD; the core then refuses or reads them).
const ODD_TOKENS = ["dé.example.com:5432/?Action=connect", "db.example.com:5432/?Action=connect&DBUser=\u4e2d\u{1F600}", "db\uD800.example.com:5432/", "\uDC00x"];

function run(entry, withoutEncoders) {
  const load = entry.endsWith(".cjs") ? `require(${JSON.stringify(entry)})` : `await import(${JSON.stringify(entry)})`;
  const script = `
    ${withoutEncoders ? "delete globalThis.TextEncoder; delete globalThis.TextDecoder;" : ""}
    const { createRequire } = await import("node:module");
    const require = createRequire(import.meta.url);
    const api = ${load};
    const inputs = ${JSON.stringify(SIGNABLE.map((c) => inputFor(c)))};
    const tokens = inputs.map((input) => api.signToken(input));
    const inspected = tokens.map((t) => api.inspectToken(t));
    const odd = ${JSON.stringify(ODD_TOKENS)}.map((t) => { try { return api.inspectToken(t); } catch (e) { return { code: e.code, field: e.field, reason: e.reason }; } });
    const nonAscii = (() => { try { return api.signToken({ ...inputs[0], username: "j\u00f6rg\u4e2d\u{1F600}" }); } catch (e) { return e.code; } })();
    const nonAsciiUser = typeof nonAscii === "string" ? api.inspectToken(nonAscii).username : nonAscii;
    console.log(JSON.stringify({ encoders: typeof TextEncoder + typeof TextDecoder, tokens, inspected, odd, nonAscii, nonAsciiUser }));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { PATH: process.env.PATH }, timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

for (const file of ["dist/browser.mjs", "dist/browser.cjs"]) {
  test(`${file} without TextEncoder/TextDecoder (jsdom): the golden tokens, and the same answers as with them`, () => {
    const entry = join(PKG, file);
    const without = run(entry, true);
    const withEncoders = run(entry, false);
    assert.equal(without.encoders, "undefinedundefined", "the child really ran without them");
    assert.deepEqual(without.tokens, SIGNABLE.map((c) => c.expected_token));
    assert.deepEqual({ ...without, encoders: "" }, { ...withEncoders, encoders: "" });
    assert.match(without.nonAscii, /DBUser=j%C3%B6rg%E4%B8%AD%F0%9F%98%80&/);
    assert.equal(without.nonAsciiUser, "j\u00f6rg\u4e2d\u{1F600}");
  });
}
