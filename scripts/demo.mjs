// `make demo`: an IAM login to a real database. Without PGHOST it starts the
// local stand-in (PostgreSQL behind the IAM check, e2e/servers.sh; needs
// root or sudo), logs in with node-postgres over TLS using a token from
// authTokenProvider, shows what is inside the token (never the token), shows
// two refusals, and stops the servers. With PGHOST, PGPORT, PGUSER,
// AWS_REGION and AWS credentials in the environment it logs in to that RDS /
// RDS Proxy endpoint instead (RDS_CA_BUNDLE: path of the RDS CA bundle).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import pg from "pg";

const require = createRequire(import.meta.url);
const { authTokenProvider, inspectToken, signToken } = require("../pkg");

async function login({ host, port, user, database, password, ca }) {
  const client = new pg.Client({ host, port, user, database, password, ssl: ca ? { ca } : { rejectUnauthorized: true } });
  try {
    await client.connect();
    const { rows } = await client.query("select current_user as who, version() as version");
    return { ok: true, ...rows[0] };
  } catch (error) {
    return { ok: false, code: error.code, message: error.message };
  } finally {
    await client.end().catch(() => {});
  }
}

function show(token) {
  for (const [field, value] of Object.entries(inspectToken(token))) {
    const shown = field === "signedAt" || field === "expiresAt" ? new Date(value).toISOString() : value;
    console.log(`    ${field.padEnd(16)} ${shown}`);
  }
}

async function againstRealEndpoint() {
  const { PGHOST: host, PGPORT, PGUSER: user, PGDATABASE: database = "postgres", RDS_CA_BUNDLE } = process.env;
  const port = Number(PGPORT ?? 5432);
  const provider = authTokenProvider({ hostname: host, port, username: user });
  const ca = RDS_CA_BUNDLE ? readFileSync(RDS_CA_BUNDLE, "utf8") : undefined;
  const result = await login({ host, port, user, database, password: provider, ca });
  console.log(result.ok ? `logged in to ${host}:${port} as ${result.who}` : `login refused: ${result.code} ${result.message}`);
  show(await provider());
  provider.close();
  return result.ok;
}

async function againstLocalStandIn() {
  console.log("starting PostgreSQL behind the local IAM check (e2e/servers.sh up)...");
  const servers = JSON.parse(readFileSync(execFileSync("bash", ["e2e/servers.sh", "up"], { encoding: "utf8" }).trim(), "utf8"));
  try {
    const keys = JSON.parse(readFileSync(servers.keys, "utf8"));
    const ca = readFileSync(servers.ca, "utf8");
    const { port, database } = servers.postgres;
    const host = servers.hostname;
    const region = "us-east-1";

    const provider = authTokenProvider({ hostname: host, port, username: "iam_user", region, credentials: keys.temporary });
    const ok = await login({ host, port, user: "iam_user", database, password: provider, ca });
    console.log(ok.ok ? `\nIAM login over TLS: connected as ${ok.who}` : `\nIAM login failed: ${ok.code} ${ok.message}`);
    const token = await provider();
    console.log(`  token from authTokenProvider (${token.length} bytes, not shown; signings so far: ${provider.stats().signings}):`);
    show(token);

    const otherUser = signToken({ hostname: host, port, username: "iam_other", region, credentials: keys.longTerm });
    const refusedUser = await login({ host, port, user: "iam_user", database, password: otherUser, ca });
    console.log(`\nanother user's token as iam_user: ${refusedUser.ok ? "ACCEPTED (wrong!)" : `refused (${refusedUser.code})`}`);
    const unknownKey = signToken({
      hostname: host, port, username: "iam_user", region,
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
    });
    const refusedKey = await login({ host, port, user: "iam_user", database, password: unknownKey, ca });
    console.log(`a token from an unknown key:      ${refusedKey.ok ? "ACCEPTED (wrong!)" : `refused (${refusedKey.code})`}`);
    provider.close();
    return ok.ok && !refusedUser.ok && !refusedKey.ok;
  } finally {
    execFileSync("bash", ["e2e/servers.sh", "down"]);
    console.log("\nservers stopped (e2e/servers.sh down)");
  }
}

const ok = process.env.PGHOST ? await againstRealEndpoint() : await againstLocalStandIn();
process.exit(ok ? 0 : 1);
