// pack-smoke.sh: writes the chosen golden vectors into the smoke project as
// vectors.mjs and vectors.cjs (TokenInput objects, the time, the token).
// Usage: node tests/pack/vectors.mjs <tokens.json> <project dir> <id>...
import { readFileSync, writeFileSync } from "node:fs";
import { inputFor } from "../golden-input.mjs";

const [file, app, ...ids] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(file, "utf8"));
const vectors = ids.map((id) => {
  const c = cases.find((c) => c.id === id);
  if (!c) throw new Error(`no golden case ${id}`);
  return { id, input: inputFor(c, { withNow: false }), now: c.epoch_ms, expected: c.expected_token };
});
const json = JSON.stringify(vectors, null, 1);
writeFileSync(`${app}/vectors.mjs`, `export default ${json};\n`);
writeFileSync(`${app}/vectors.cjs`, `module.exports = ${json};\n`);
