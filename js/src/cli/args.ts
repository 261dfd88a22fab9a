// The command line, parsed strictly: `--name value`, `--name=value`, boolean
// `--flag`, `--` before positionals. Errors name options only, never echo a
// value or a positional (a mistyped secret or token must not be printed).

/** Ends the command with an exit code and a message for stderr. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const EXIT = {
  ok: 0,
  /** verify: the token does not verify. */
  notVerified: 1,
  /** Unknown command or option, a missing or bad value, an unreadable file. */
  usage: 2,
  /** The input is not a token. */
  notAToken: 3,
  /** No credentials or region, or a credential source failed. */
  unavailable: 4,
  /** A bug. */
  internal: 70,
} as const;

export type OptionSpec = Readonly<Record<string, "string" | "boolean">>;
export type Parsed = { options: Record<string, string | true | undefined>; positionals: string[] };

// Likely slips, and the flag meant. Secrets are never taken as arguments.
const MEANT: Record<string, string> = {
  "--host": "--hostname",
  "--user": "--username",
  "--db-user": "--username",
  "--expires": "--expires-in",
  "--expiry": "--expires-in",
  "--secret": "--secret-file (a secret is never taken on the command line)",
  "--secret-access-key": "--secret-file (a secret is never taken on the command line)",
};

/** The option's name if it looks like one, so a stray value is never echoed. */
function shown(arg: string): string {
  const name = arg.split("=", 1)[0]!;
  return /^--?[A-Za-z][A-Za-z0-9-]{0,23}$/.test(name) ? name : "an option"; // a 40-character secret is no option name
}

/** Parses `argv` against `spec`; at most `maxPositionals` positionals. `-h` is `--help`. */
export function parseArgs(argv: readonly string[], spec: OptionSpec, maxPositionals: number, command: string): Parsed {
  const options: Parsed["options"] = {};
  const positionals: string[] = [];
  const usage = (message: string) => new CliError(EXIT.usage, `${message} (see 'rds-iam-edge ${command} --help')`);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-" || !arg.startsWith("-")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg === "-h" ? "help" : arg.slice(2, eq === -1 ? undefined : eq);
    const kind = arg.startsWith("--") || arg === "-h" ? spec[name] : undefined;
    if (kind === undefined) {
      const meant = MEANT[shown(arg)];
      throw usage(`unknown option ${shown(arg)}${meant ? `; use ${meant}` : ""}`);
    }
    if (options[name] !== undefined) throw usage(`--${name} is given twice`);
    if (kind === "boolean") {
      if (eq !== -1) throw usage(`--${name} takes no value`);
      options[name] = true;
    } else if (eq !== -1) {
      options[name] = arg.slice(eq + 1);
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) throw usage(`--${name} needs a value`);
      options[name] = value;
      i++;
    }
  }
  if (positionals.length > maxPositionals) {
    throw usage(maxPositionals === 0 ? "takes no arguments besides options" : `takes at most ${maxPositionals} argument${maxPositionals > 1 ? "s" : ""}`);
  }
  return { options, positionals };
}
