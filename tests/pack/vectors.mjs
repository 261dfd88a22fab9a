// pack-smoke.sh: writes the chosen golden vectors into the smoke project as
// vectors.mjs and vectors.cjs (TokenInput objects, the time, the token).
// Usage: node tests/pack/vectors.mjs <tokens.json> <project dir> <id>...
import { readFileSync, writeFileSync } from "node:fs";

const [file, app, ...ids] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(file, "utf8"));
const vectors = ids.map((id) => {
  const c = cases.find((c) => c.id === id);
  if (!c) throw new Error(`no golden case ${id}`);
  const credentials = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey };
  if (c.sessionToken != null) credentials.sessionToken = c.sessionToken;
  const input = { service: c.kind, hostname: c.host, region: c.region, credentials, expiresIn: c.expiresIn };
  if (c.port != null) input.port = c.port;
  if (c.user != null) input.username = c.user;
  if (c.action === "DbConnectAdmin") input.admin = true;
  if (c.kind === "elasticache") input.serverless = c.serverless === true;
  return { id, input, now: c.epoch_ms, expected: c.expected_token };
});
const json = JSON.stringify(vectors, null, 1);
writeFileSync(`${app}/vectors.mjs`, `export default ${json};\n`);
writeFileSync(`${app}/vectors.cjs`, `module.exports = ${json};\n`);
