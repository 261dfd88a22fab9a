#!/usr/bin/env node
// The `rds-iam-edge` command (pkg/dist/cli.cjs, the package's `bin`): token,
// inspect, verify. Node only; nothing imports it, so it never reaches the
// Workers or browser builds. Errors go to stderr as `rds-iam-edge: CODE
// (--flag): reason`, built from our fixed texts: never a secret or a token.

import process from "node:process";
import { readFileSync } from "node:fs";
import { RdsIamError, type ErrorCode } from "./node.js";
import { CliError, EXIT } from "./cli/args.js";
import { errorKind } from "./redact.js";
import { err, out } from "./cli/io.js";
import { tokenCommand } from "./cli/token.js";
import { inspectCommand } from "./cli/inspect.js";
import { verifyCommand } from "./cli/verify.js";

declare const __dirname: string;

const HELP = `Usage: rds-iam-edge <command> [options]

Commands:
  token     sign an IAM auth token and print it, alone, on stdout
  inspect   show a token's fields and warnings for the usual mistakes
  verify    check a token with its secret access key, as the server would

'rds-iam-edge <command> --help' shows a command's options.

Exit codes:
  0   done (token printed, token inspected, token verified)
  1   verify: the token does not verify (the reason is on stdout)
  2   usage: unknown command or option, a missing or bad value, an unreadable file
  3   the input is not a token
  4   no credentials or region, or a credential source failed
  70  internal error (a bug)
`;

const COMMANDS: Record<string, (argv: readonly string[]) => Promise<number>> = {
  token: tokenCommand,
  inspect: inspectCommand,
  verify: verifyCommand,
};

// The exit code of each error code that is not a usage error.
const EXIT_FOR: Partial<Record<ErrorCode, number>> = {
  INVALID_TOKEN: EXIT.notAToken,
  CREDENTIALS_UNAVAILABLE: EXIT.unavailable,
  CREDENTIALS_EXPIRED: EXIT.unavailable,
  REGION_UNAVAILABLE: EXIT.unavailable,
  PROVIDER_FAILED: EXIT.unavailable,
  TIMEOUT: EXIT.unavailable,
  HTTP_ERROR: EXIT.unavailable,
  INTERNAL_ERROR: EXIT.internal,
  WASM_UNAVAILABLE: EXIT.internal,
};

// An input error's field, as the command line spells it.
const FLAG: Record<string, string> = {
  service: "--service",
  hostname: "--hostname",
  port: "--port",
  username: "--username",
  region: "--region",
  expiresIn: "--expires-in",
  admin: "--admin",
  serverless: "--serverless",
  skewSeconds: "--skew-seconds",
  secretAccessKey: "--secret-file",
};

function version(): string {
  try {
    return (JSON.parse(readFileSync(`${__dirname}/../package.json`, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** The exit code and stderr line for what a command threw. */
function failure(thrown: unknown): [number, string] {
  if (thrown instanceof CliError) return [thrown.exitCode, thrown.message];
  if (thrown instanceof RdsIamError) {
    const field = thrown.field === undefined ? "" : ` (${FLAG[thrown.field] ?? thrown.field})`;
    return [EXIT_FOR[thrown.code] ?? EXIT.usage, `${thrown.code}${field}: ${thrown.reason}`];
  }
  // Someone else's error text may quote anything: name its kind only.
  return [EXIT.internal, `internal error (${errorKind(thrown)})`];
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    await out(HELP);
    return EXIT.ok;
  }
  if (command === "--version" || command === "-v") {
    await out(`${version()}\n`);
    return EXIT.ok;
  }
  const run = command === undefined ? undefined : COMMANDS[command];
  if (!run) {
    await err(command === undefined ? HELP : `rds-iam-edge: unknown command (see 'rds-iam-edge --help')\n`);
    return EXIT.usage;
  }
  try {
    return await run(rest);
  } catch (thrown) {
    const [exit, message] = failure(thrown);
    await err(`rds-iam-edge: ${message}\n`);
    return exit;
  }
}

// A closed pipe (`... | head -1`) ends the output, not with a stack trace.
process.stdout.on("error", () => process.exit(EXIT.ok));
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  () => process.exit(EXIT.internal),
);
