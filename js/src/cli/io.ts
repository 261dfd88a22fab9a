// Where the CLI's input comes from and its output goes: stdout, stderr,
// stdin, the secret file, the clock. Nothing here prints what it reads, and
// nothing leaves but printable text: control and bidi characters (from a
// hostile token's fields, say) are written as \uXXXX.

import process from "node:process";
import { closeSync, openSync, readSync } from "node:fs";
import { CliError, EXIT } from "./args.js";
import { escapeUnits } from "../redact.js";

/** Far above any token (a few KB) or secret; the signer caps strings at 64 KiB. */
const MAX_INPUT = 64 * 1024;

// Controls but the line break, every format character (bidi, zero-width,
// tags), line and paragraph separators, lone surrogates: by Unicode
// category, so no invisible or reordering character is missed.
const UNPRINTABLE = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** `text` as it may reach a terminal: what would move the cursor, recolour or reorder it is shown as \uXXXX (in JSON output, the same escape). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeUnits);
}

/** One field on one line: printable, and line breaks shown as \u000a too. */
export function field(text: string): string {
  return printable(text).replace(/\n/g, "\\u000a");
}

function write(stream: typeof process.stdout, text: string): Promise<void> {
  return new Promise((resolve) => stream.write(printable(text), () => resolve()));
}

/** Writes to stdout and waits until Node has handed it on. */
export const out = (text: string) => write(process.stdout, text);
/** Writes to stderr and waits until Node has handed it on. */
export const err = (text: string) => write(process.stderr, text);

/**
 * TEST ONLY: `RDS_IAM_EDGE_NOW_MS` (epoch milliseconds) fixes the clock of
 * every command, so tests are deterministic. Not for real use: a token
 * signed at a fixed time is refused once that time is 15 minutes past.
 */
export function clock(): number {
  const fixed = process.env.RDS_IAM_EDGE_NOW_MS;
  if (fixed === undefined || fixed === "") return Date.now();
  if (!/^[0-9]{1,15}$/.test(fixed)) throw new CliError(EXIT.usage, "RDS_IAM_EDGE_NOW_MS (test only) must be epoch milliseconds");
  return Number(fixed);
}

let stdinTaken = false;

/** All of stdin as text (once per run). */
export function readStdin(what: string): Promise<string> {
  if (stdinTaken) throw new CliError(EXIT.usage, "stdin can hold the token or the secret, not both");
  stdinTaken = true;
  return new Promise((resolve, reject) => {
    let text = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk) => {
      text += chunk;
      if (text.length > MAX_INPUT) {
        process.stdin.destroy();
        reject(new CliError(EXIT.usage, `${what} on stdin is too long`));
      }
    });
    process.stdin.on("end", () => resolve(text));
    process.stdin.on("error", () => reject(new CliError(EXIT.usage, `cannot read ${what} from stdin`)));
  });
}

/** The token: the argument, or stdin for `-` or none (unless stdin is a terminal). */
export async function readToken(argument: string | undefined, command: string): Promise<string> {
  if (argument !== undefined && argument !== "-") return argument.trim();
  if (argument === undefined && process.stdin.isTTY) {
    throw new CliError(EXIT.usage, `give the token as an argument, or pipe it in (see 'rds-iam-edge ${command} --help')`);
  }
  return (await readStdin("the token")).trim();
}

/** At most MAX_INPUT + 1 bytes of a file (a pipe such as <(pass show key) too), as text. */
function readCapped(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buffer = new Uint8Array(MAX_INPUT + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return new TextDecoder().decode(buffer.subarray(0, length));
  } finally {
    closeSync(fd);
  }
}

/**
 * The secret access key from a file (`-`: stdin): the file's text, without
 * surrounding whitespace. Errors never show the path: a secret pasted in
 * its place must not be printed.
 */
export async function readSecret(path: string): Promise<string> {
  let text: string;
  if (path === "-") {
    text = await readStdin("the secret");
  } else {
    try {
      text = readCapped(path);
    } catch (thrown) {
      const code = (thrown as { code?: unknown }).code;
      const why = typeof code === "string" && /^[A-Z0-9_]{1,16}$/.test(code) ? ` (${code})` : "";
      throw new CliError(EXIT.usage, `--secret-file: cannot read the file${why}; give the path of a file holding the secret, or - for stdin`);
    }
  }
  const secret = text.trim();
  if (secret === "") throw new CliError(EXIT.usage, "--secret-file: the file is empty");
  if (secret.length > MAX_INPUT || /\s/.test(secret)) {
    throw new CliError(EXIT.usage, "--secret-file: the file must hold the secret access key alone, on one line");
  }
  return secret;
}
