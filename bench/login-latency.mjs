// Login latency with the IAM check vs a plain password on the same servers
// (median of 50 logins each). Run with the servers up:
//   RDS_IAM_E2E_SERVERS=$(bash e2e/servers.sh up) node bench/login-latency.mjs; bash e2e/servers.sh down
import pg from "pg";
import { ca, hostname, keys, servers, token } from "../tests/e2e/helpers.mjs";

const ROUNDS = 50;

async function median(login) {
  const times = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await login();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[ROUNDS / 2].toFixed(1);
}

async function pgLogin(port, user, password) {
  const client = new pg.Client({ host: hostname, port, database: "postgres", user, password, ssl: { ca } });
  await client.connect();
  await client.end();
}

const pgPort = servers.postgres.port;
const bouncer = servers.pgbouncer.port;
const longTerm = token({ port: pgPort });
const temporary = token({ port: pgPort, credentials: keys.temporary });
console.log(`PostgreSQL, plain password (scram):     ${await median(() => pgLogin(pgPort, "plain_user", "plain-password"))} ms`);
console.log(`PostgreSQL, IAM token (long-term key):  ${await median(() => pgLogin(pgPort, "iam_user", longTerm))} ms`);
console.log(`PostgreSQL, IAM token (temporary, ${temporary.length} B): ${await median(() => pgLogin(pgPort, "iam_user", temporary))} ms`);
console.log(`PgBouncer, IAM token (long-term key):   ${await median(() => pgLogin(bouncer, "iam_user", token({ port: bouncer })))} ms`);
