// `rds-iam-edge verify TOKEN --secret-file F`: checks a token as the server
// would (signature, user, host and port, time) and says exactly why it
// fails. The verdict, passing or failing, goes to stdout; exit 1 on failure.

import { verifyToken, type TokenInfo, type VerifyResult } from "../node.js";
import { duration, isoTime } from "../warnings.js";
import { CliError, EXIT, parseArgs, type OptionSpec } from "./args.js";
import { clock, field, out, readSecret, readToken } from "./io.js";
import { parse, report, type Report } from "./inspect.js";

export const VERIFY_HELP = `Usage: rds-iam-edge verify [TOKEN | -] --secret-file FILE
         [--username USER] [--hostname HOST] [--port PORT] [--skew-seconds N] [--json]

Checks the token's signature with the secret access key in FILE (the key
alone; - reads it from stdin), then, when given, that it was signed for USER,
HOST and PORT, not signed more than N seconds ahead (default 300) and not
expired. Prints the verdict on stdout and exits 0 (verified) or 1 (not, with
the reason). Without TOKEN (or with -) the token is read from stdin: prefer
that, since a TOKEN argument is a live password that other users of the
machine see (ps, /proc). The secret is never printed (nor the file's name
in errors); the database also checks a session token with STS, which cannot
be done here.

  --json   one JSON object: ok, code and reason when not ok, message,
           checked {username, hostname, port}, hasSessionToken, warnings
`;

const SPEC: OptionSpec = {
  "secret-file": "string",
  username: "string",
  hostname: "string",
  port: "string",
  "skew-seconds": "string",
  json: "boolean",
  help: "boolean",
};

type Expected = { username?: string | undefined; hostname?: string | undefined; port?: string | undefined; skew: number };

/** The reason in terms of this token and what was expected. */
function explain(result: VerifyResult, info: TokenInfo, expected: Expected, now: number): string {
  switch (result.code) {
    case "SIGNATURE_MISMATCH":
      return `the signature does not match: the token was signed with another secret access key than this one (for access key id ${info.accessKeyId}), or changed after signing`;
    case "EXPIRED":
      return `the token expired ${duration(now - info.expiresAt)} ago, at ${isoTime(info.expiresAt)} (signed at ${isoTime(info.signedAt)}, valid ${info.expiresIn} s): sign a new one right before connecting`;
    case "NOT_YET_VALID":
      return `the token is signed ${duration(info.signedAt - now)} in the future (at ${isoTime(info.signedAt)}), beyond the ${expected.skew} s allowed: the signing machine's clock is ahead`;
    case "WRONG_USER":
      return `the token was signed for user ${JSON.stringify(info.username)}, not ${JSON.stringify(expected.username)}`;
    case "WRONG_HOST":
      return expected.hostname !== undefined && expected.hostname.toLowerCase() !== info.hostname.toLowerCase()
        ? `the token was signed for host ${JSON.stringify(info.hostname)}, not ${JSON.stringify(expected.hostname)}`
        : `the token was signed for port ${info.port ?? "(none)"}, not ${expected.port}`;
    default:
      return result.reason ?? "the token does not verify";
  }
}

function text(ok: boolean, message: string, code: string | undefined, r: Report, checked: Record<string, boolean>): string {
  const lines = [ok ? `OK: ${field(message)}` : `FAIL: ${code}: ${field(message)}`];
  const unchecked = Object.keys(checked).filter((k) => !checked[k]);
  if (ok && unchecked.length) lines.push(`not checked: ${unchecked.join(", ")} (pass ${unchecked.map((k) => `--${k}`).join(", ")})`);
  if (r.hasSessionToken) lines.push("note: signed with temporary credentials: the database also checks the session token with STS, which cannot be done here");
  for (const w of r.warnings) lines.push(`warning: ${w.code}: ${field(w.message)}`);
  return lines.join("\n") + "\n";
}

export async function verifyCommand(argv: readonly string[]): Promise<number> {
  const { options, positionals } = parseArgs(argv, SPEC, 1, "verify");
  const o = options as Record<string, string | undefined>;
  if (options.help) {
    await out(VERIFY_HELP);
    return EXIT.ok;
  }
  if (o["secret-file"] === undefined) throw new CliError(EXIT.usage, "--secret-file is required (see 'rds-iam-edge verify --help')");
  const skewText = o["skew-seconds"];
  if (skewText !== undefined && !/^[0-9]{1,7}$/.test(skewText)) throw new CliError(EXIT.usage, "--skew-seconds must be a whole number of seconds");
  const expected: Expected = { username: o.username, hostname: o.hostname, port: o.port, skew: skewText === undefined ? 300 : Number(skewText) };

  const token = await readToken(positionals[0], "verify");
  const secretAccessKey = await readSecret(o["secret-file"]);
  const info = parse(token);
  const now = clock();
  const result = verifyToken(token, {
    secretAccessKey,
    now,
    username: expected.username,
    hostname: expected.hostname,
    port: expected.port,
    skewSeconds: expected.skew,
  });
  const r = report(token, info, now);
  const checked = { username: expected.username !== undefined, hostname: expected.hostname !== undefined, port: expected.port !== undefined };
  const message = result.ok
    ? `the signature matches the secret for access key id ${info.accessKeyId}; valid until ${isoTime(info.expiresAt)} (${duration(info.expiresAt - now)} left)`
    : explain(result, info, expected, now);
  if (options.json) {
    const verdict = { ok: result.ok, code: result.code, reason: result.reason, message, checked, hasSessionToken: info.hasSessionToken, warnings: r.warnings };
    await out(`${JSON.stringify(verdict, null, 2)}\n`);
  } else {
    await out(text(result.ok, message, result.code, r, checked));
  }
  return result.ok ? EXIT.ok : EXIT.notVerified;
}
