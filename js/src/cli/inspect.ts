// `rds-iam-edge inspect [TOKEN|-]`: what a token says, and warnings for the
// usual mistakes, as text or `--json`. Never the signature (four hex digits
// of it at most, to tell tokens apart) or the session token.

import { inspectToken, RdsIamError, tokenWarnings, type TokenInfo, type TokenWarning } from "../node.js";
import { duration, isoTime } from "../warnings.js";
import { CliError, EXIT, parseArgs, type OptionSpec } from "./args.js";
import { clock, field, out, readToken } from "./io.js";

export const INSPECT_HELP = `Usage: rds-iam-edge inspect [TOKEN | -] [--json]

Prints a token's fields (kind, action, host, port, user, region, access key
id, session token present, signed at, expires at or how long ago it expired)
and warnings for the usual mistakes: region not matching the endpoint, port
443 signed, not an RDS endpoint name, a cache endpoint signed instead of the
cache name, more than 900 s for RDS and caches, signed in the future, expired.
Without TOKEN (or with -) the token is read from stdin: prefer that, since
a TOKEN argument is a live password that other users of the machine see
(ps, /proc), e.g.  pbpaste | rds-iam-edge inspect -
The signature shows redacted (its first four hex digits); the session token
never shows. Control and bidi characters in a field print as \\uXXXX.

  --json   one JSON object: the TokenInfo fields (times in epoch ms) plus
           signature (redacted), now, expired, secondsLeft, warnings [{code, message}]
`;

const SPEC: OptionSpec = { json: "boolean", help: "boolean" };

export type Report = TokenInfo & {
  signature: string;
  now: number;
  expired: boolean;
  secondsLeft: number;
  warnings: TokenWarning[];
};

/** Why a string may have failed to parse, in words; never quoting it. */
function hint(text: string): string | undefined {
  if (text === "") return "the input is empty";
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return "a token has no scheme: it starts with the host (host:port/?Action=connect&...)";
  if (/^["'`]|["'`]$/.test(text)) return "remove the quotes around it";
  if (/\s/.test(text)) return "it holds whitespace: give one token, on one line";
  if (!text.includes("/?") && /%3F|%2F/i.test(text)) return "it looks URL-encoded (as inside a connection URL): decode it once";
  return undefined;
}

/** The token's fields, or exit 3 with the parser's reason and a hint. */
export function parse(token: string): TokenInfo {
  try {
    return inspectToken(token);
  } catch (thrown) {
    if (!(thrown instanceof RdsIamError) || thrown.code !== "INVALID_TOKEN") throw thrown;
    const why = hint(token);
    throw new CliError(EXIT.notAToken, `INVALID_TOKEN: not a token: ${thrown.reason}${why ? ` (${why})` : ""}`);
  }
}

/** The signature's first four hex digits: enough to tell tokens apart, useless to log in. */
function redactedSignature(token: string): string {
  const hex = /[?&]X-Amz-Signature=([0-9a-f]{4})/.exec(token)?.[1];
  return hex ? `${hex}…(redacted)` : "(redacted)";
}

export function report(token: string, info: TokenInfo, now: number): Report {
  return {
    ...info,
    signature: redactedSignature(token),
    now,
    expired: now > info.expiresAt,
    secondsLeft: Math.floor((info.expiresAt - now) / 1000),
    warnings: tokenWarnings(info, now),
  };
}

function when(at: number, now: number): string {
  return at > now ? `in ${duration(at - now)}` : `${duration(now - at)} ago`;
}

function text(r: Report): string {
  const rows: [string, string][] = [
    ["kind", `${r.service} (signing name ${r.signingService})`],
    ["action", r.action],
    ["hostname", r.hostname],
  ];
  if (r.port !== null) rows.push(["port", String(r.port)]);
  if (r.username !== null) rows.push(["username", r.username]);
  if (r.service === "elasticache") rows.push(["serverless", r.serverless ? "yes" : "no"]);
  rows.push(
    ["region", r.region],
    ["access key id", r.accessKeyId],
    ["session token", r.hasSessionToken ? "yes: temporary credentials (redacted)" : "no: long-term access key"],
    ["signed at", `${isoTime(r.signedAt)} (${when(r.signedAt, r.now)})`],
    ["expires in", `${r.expiresIn} s`],
    ["expires at", `${isoTime(r.expiresAt)} (${r.expired ? `EXPIRED ${duration(r.now - r.expiresAt)} ago` : `in ${duration(r.expiresAt - r.now)}`})`],
    ["signature", r.signature],
  );
  const width = Math.max(...rows.map(([k]) => k.length));
  // A hostile token's fields may hold escapes, line breaks or bidi overrides.
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${field(v)}`);
  lines.push("", r.warnings.length ? `warnings (${r.warnings.length}):` : "warnings: none");
  for (const w of r.warnings) lines.push(`  ${w.code}: ${field(w.message)}`);
  return lines.join("\n") + "\n";
}

export async function inspectCommand(argv: readonly string[]): Promise<number> {
  const { options, positionals } = parseArgs(argv, SPEC, 1, "inspect");
  if (options.help) {
    await out(INSPECT_HELP);
    return EXIT.ok;
  }
  const token = await readToken(positionals[0], "inspect");
  const r = report(token, parse(token), clock());
  await out(options.json ? `${JSON.stringify(r, null, 2)}\n` : text(r));
  return EXIT.ok;
}
