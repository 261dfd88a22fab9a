// Shared by the end-to-end tests: the servers e2e/servers.sh started, the
// keys their checkers trust, and token signing through the built package.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
export const pkg = require("../../pkg");

// Without RDS_IAM_E2E_SERVERS: the directory the last `e2e/servers.sh up` made (recorded in /run).
const serversPath = process.env.RDS_IAM_E2E_SERVERS ?? `${readFileSync("/run/rds-iam-edge-e2e.dir", "utf8").trim()}/servers.json`;
export const servers = JSON.parse(readFileSync(serversPath, "utf8"));
export const keys = JSON.parse(readFileSync(servers.keys, "utf8"));
export const ca = readFileSync(servers.ca, "utf8");
export const hostname = servers.hostname;
export const region = "us-east-1";

/** A token for `username` at this machine's `port`, signed with `credentials`. */
export function token({ username = "iam_user", port, credentials = keys.longTerm, ...rest }) {
  return pkg.signToken({ hostname, port, username, region, credentials, ...rest });
}

/** The last decision line the server's checker logged (never a token). */
export function lastCheck(server) {
  const lines = readFileSync(server.checkerLog, "utf8").trim().split("\n");
  return lines.at(-1) ?? "";
}

/** Flips one hex digit of the signature. */
export function tamper(tokenText) {
  return tokenText.replace(/(X-Amz-Signature=[0-9a-f]{10})([0-9a-f])/, (_, head, digit) => head + (digit === "0" ? "1" : "0"));
}
