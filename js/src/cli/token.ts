// `rds-iam-edge token`: one token on stdout, nothing else there, so
// `PGPASSWORD=$(npx rds-iam-edge token ...)` works. Flags as `aws rds
// generate-db-auth-token` (and `aws dsql generate-db-connect-auth-token`)
// spell them. Credentials: the package's Node default chain, through
// authTokenProvider without `credentials`, so the CLI follows that chain.

import process from "node:process";
import { authTokenProvider, inspectToken, RdsIamError, TokenCache, tokenWarnings, type Service, type TokenEvent } from "../node.js";
import { isoTime } from "../warnings.js";
import { CliError, EXIT, parseArgs, type OptionSpec } from "./args.js";
import { clock, err, out } from "./io.js";

export const TOKEN_HELP = `Usage: rds-iam-edge token --hostname HOST [--port PORT] [--username USER] [--region REGION]
         [--service rds|dsql|elasticache|memorydb] [--admin] [--serverless] [--expires-in SECONDS]
         [--profile NAME]

Signs one IAM auth token and prints it on stdout followed by a newline, and
nothing else there (warnings go to stderr), so this works:
  PGPASSWORD=$(npx rds-iam-edge token --hostname H --port 5432 --username U) psql ...

  --hostname     rds, dsql: the endpoint the client connects to;
                 elasticache, memorydb: the cache or cluster name
  --port         rds: the port the client connects to (required)
  --username     the database user (rds, elasticache, memorydb; not dsql)
  --region       default: the endpoint's own region (RDS, RDS Proxy, Aurora, DSQL
                 host names), then AWS_REGION, AWS_DEFAULT_REGION, the profile's region
  --service      the token kind: rds (default), dsql, elasticache, memorydb
  --admin        dsql: DbConnectAdmin (as 'aws dsql generate-db-connect-admin-auth-token')
  --serverless   elasticache: a serverless cache
  --expires-in   seconds, default 900 (rds, caches: at most 900; dsql: at most 604800)
  --profile      the shared-file profile for credentials and region (sets AWS_PROFILE)

Credentials come from the package's default chain for Node: the environment
(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) unless a profile
is named, then the shared files, web identity, container, instance metadata.
`;

const SPEC: OptionSpec = {
  hostname: "string",
  port: "string",
  username: "string",
  region: "string",
  service: "string",
  admin: "boolean",
  serverless: "boolean",
  "expires-in": "string",
  profile: "string",
  help: "boolean",
};

function seconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,7}$/.test(text)) throw new RdsIamError("INVALID_EXPIRES_IN", "must be a whole number of seconds", "expiresIn");
  return Number(text);
}

export async function tokenCommand(argv: readonly string[]): Promise<number> {
  const o = parseArgs(argv, SPEC, 0, "token").options as Record<string, string | undefined>;
  if (o.help) {
    await out(TOKEN_HELP);
    return EXIT.ok;
  }
  if (o.profile !== undefined) {
    // As the aws CLI's --profile: the default chain and the region resolution read AWS_PROFILE.
    if (o.profile === "") throw new CliError(EXIT.usage, "--profile needs a profile name");
    process.env.AWS_PROFILE = o.profile;
  }
  const now = clock();
  let signed: Extract<TokenEvent, { type: "sign" }> | undefined;
  const provider = authTokenProvider({
    service: o.service as Service | undefined, // checked by the signer: INVALID_SERVICE
    hostname: o.hostname as string,
    port: o.port,
    username: o.username,
    region: o.region,
    expiresIn: seconds(o["expires-in"]),
    admin: o.admin ? true : undefined,
    serverless: o.serverless ? true : undefined,
    clock: () => now,
    // One token, used at once: the whole lifetime is the caller's, and a
    // private cache keeps nothing beyond this run.
    safetyMarginSeconds: 0,
    refreshAheadSeconds: 0,
    cache: new TokenCache({ maxEntries: 1 }),
    onEvent: (event) => {
      if (event.type === "sign") signed = event;
    },
  });
  let token: string;
  try {
    token = await provider();
  } catch (thrown) {
    // Everything static was checked when the provider was made: what fails
    // now is the credential source (a malformed AWS_CREDENTIAL_EXPIRATION,
    // say), which is exit 4 as documented, not a usage error.
    if (!(thrown instanceof RdsIamError)) throw thrown;
    const reason = thrown.message.slice(thrown.message.indexOf(": ") + 2);
    throw new CliError(EXIT.unavailable, `${thrown.code}${thrown.field === undefined ? "" : ` (${thrown.field})`}: ${reason}`);
  } finally {
    await provider.close();
  }

  // The static mistakes (region vs endpoint, port 443...) on stderr; the
  // token itself is the only thing on stdout.
  const notes = tokenWarnings(inspectToken(token), now).map((w) => `rds-iam-edge: warning: ${w.code}: ${w.message}\n`);
  if (signed && signed.usableUntil < signed.expiresAt) {
    notes.push(
      `rds-iam-edge: warning: CREDENTIALS_EXPIRE_FIRST: the credentials expire at ${isoTime(signed.usableUntil)}, ` +
        `before the token (${isoTime(signed.expiresAt)}): it works only until then\n`,
    );
  }
  if (notes.length) await err(notes.join(""));
  await out(`${token}\n`);
  return EXIT.ok;
}
