// fromSharedFile: static keys from a profile of ~/.aws/credentials and
// ~/.aws/config (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE, AWS_PROFILE),
// and the profile's region for region resolution. Profiles that need more
// than reading (assumed roles, SSO, credential_process, console logins) get
// an error naming the AWS SDK provider that handles them.

import { RdsIamError } from "../errors.js";
import { builtin } from "./builtin.js";
import type { CredentialIdentity, CredentialProvider } from "../credentials.js";
import { parseIni, type Profile, type Profiles } from "./ini.js";
import { MAX_SHARED_FILE_BYTES, readBoundedFile, readBoundedFileSync } from "./bounded-file.js";
import { answerIdentity, env, notConfigured, osCode, sourceOptions, sourceProvider, type Load } from "./source.js";
import { text } from "../option-checks.js";

export interface SharedFileOptions {
  /** Default: AWS_PROFILE, else "default". */
  profile?: string;
  /** The credentials file; default AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials. */
  filepath?: string;
  /** The config file; default AWS_CONFIG_FILE, else ~/.aws/config. */
  configFilepath?: string;
}

interface SharedFileSettings {
  readonly profile: string | undefined;
  readonly filepath: string | undefined;
  readonly configFilepath: string | undefined;
}

/** Profile kinds we leave to the SDK, in the SDK's order of precedence (role_arn wins over static keys). */
const ROLE = { key: "role_arn", kind: "an assumed role (role_arn)", sdk: "fromIni" };
const OTHERS = [
  { key: "credential_process", kind: "credential_process", sdk: "fromProcess" },
  { key: "sso_session", kind: "IAM Identity Center (sso_session)", sdk: "fromSSO" },
  { key: "sso_start_url", kind: "IAM Identity Center (sso_start_url)", sdk: "fromSSO" },
  { key: "login_session", kind: "a console login (login_session)", sdk: "fromNodeProviderChain" },
];

/** A path under the home directory (HOME, USERPROFILE, else the OS's). */
function underHome(...parts: string[]): string {
  const home = env("HOME") ?? env("USERPROFILE") ?? builtin("node:os").homedir();
  return builtin("node:path").join(home, ...parts);
}

function expand(path: string): string {
  return path === "~" || path.startsWith("~/") ? underHome(path.slice(2)) : path;
}

function filePaths(s: Pick<SharedFileSettings, "filepath" | "configFilepath">): { credentials: string; config: string } {
  return {
    credentials: expand(s.filepath ?? env("AWS_SHARED_CREDENTIALS_FILE") ?? underHome(".aws", "credentials")),
    config: expand(s.configFilepath ?? env("AWS_CONFIG_FILE") ?? underHome(".aws", "config")),
  };
}

/** The profile to read, and whether someone chose it (an option or AWS_PROFILE). */
export function chosenProfile(explicit: string | undefined): { name: string; chosen: boolean } {
  const fromEnv = env("AWS_PROFILE");
  return { name: explicit ?? fromEnv ?? "default", chosen: explicit !== undefined || fromEnv !== undefined };
}

const absent = (error: unknown) => ["ENOENT", "ENOTDIR"].includes(osCode(error));

async function load(path: string, file: "config" | "credentials"): Promise<Profiles | undefined> {
  try {
    return parseIni(await readBoundedFile(path, `the shared ${file} file`, MAX_SHARED_FILE_BYTES), file);
  } catch (error) {
    if (absent(error)) return undefined;
    if (error instanceof RdsIamError) throw error;
    throw new RdsIamError("CREDENTIALS_UNAVAILABLE", `cannot read the shared ${file} file ${path} (${osCode(error)})`);
  }
}

/** `profile`'s region: the config file's, else the credentials file's; undefined when none (never throws). */
export function profileRegion(profile?: string): string | undefined {
  const { name } = chosenProfile(profile);
  const paths = filePaths({ filepath: undefined, configFilepath: undefined });
  for (const [path, file] of [[paths.config, "config"], [paths.credentials, "credentials"]] as const) {
    try {
      const region = parseIni(readBoundedFileSync(path, `the shared ${file} file`, MAX_SHARED_FILE_BYTES), file).get(name)?.get("region");
      if (region) return region;
    } catch {
      // a missing or unreadable file has no region
    }
  }
  return undefined;
}

function unsupported(name: string, kind: string, sdk: string): RdsIamError {
  return new RdsIamError(
    "CREDENTIALS_UNAVAILABLE",
    `profile "${name}" uses ${kind}, which rds-iam-edge does not resolve (it reads static keys only): ` +
      `pass credentials: ${sdk}({ profile: "${name}" }) from @aws-sdk/credential-providers`,
  );
}

function fromProfile(name: string, merged: Profile, where: string): CredentialIdentity {
  if (merged.has(ROLE.key)) throw unsupported(name, ROLE.kind, ROLE.sdk);
  const accessKeyId = merged.get("aws_access_key_id");
  const secretAccessKey = merged.get("aws_secret_access_key");
  if (accessKeyId && secretAccessKey) {
    return answerIdentity({ accessKeyId, secretAccessKey, sessionToken: merged.get("aws_session_token") || undefined }, `profile "${name}"`);
  }
  if (accessKeyId || secretAccessKey) {
    const missing = accessKeyId ? "aws_secret_access_key" : "aws_access_key_id";
    throw new RdsIamError("CREDENTIALS_UNAVAILABLE", `profile "${name}" in ${where} has no ${missing}`);
  }
  const other = OTHERS.find((o) => merged.has(o.key));
  if (other) throw unsupported(name, other.kind, other.sdk);
  throw notConfigured(`profile "${name}" in ${where} holds no credentials`);
}

async function loadSharedFile(s: SharedFileSettings): Promise<CredentialIdentity> {
  const { name, chosen } = chosenProfile(s.profile);
  const paths = filePaths(s);
  const [config, credentials] = await Promise.all([load(paths.config, "config"), load(paths.credentials, "credentials")]);
  const fromConfig = config?.get(name);
  const fromCredentials = credentials?.get(name);
  if (!fromConfig && !fromCredentials) {
    const files = `${paths.credentials}${credentials ? "" : " (missing)"} or ${paths.config}${config ? "" : " (missing)"}`;
    const reason = `no profile "${name}" in ${files}`;
    // A profile someone named must exist; the implicit default may not.
    throw chosen ? new RdsIamError("CREDENTIALS_UNAVAILABLE", reason) : notConfigured(reason);
  }
  // The credentials file wins over the config file, key by key.
  const merged = new Map([...(fromConfig ?? []), ...(fromCredentials ?? [])]);
  const where = [fromCredentials && paths.credentials, fromConfig && paths.config].filter(Boolean).join(" and ");
  return fromProfile(name, merged, where);
}

/** Static keys (and session token) from a shared-file profile, read when called. */
export function fromSharedFile(options?: SharedFileOptions): CredentialProvider {
  return sourceProvider("shared files", sharedFileSource(options));
}

/** The shared-file source's load (for fromSharedFile and the default chain). */
export function sharedFileSource(options?: SharedFileOptions): Load {
  const o = sourceOptions(options, ["profile", "filepath", "configFilepath"]);
  const settings: SharedFileSettings = {
    profile: text(o.profile, "profile"),
    filepath: text(o.filepath, "filepath"),
    configFilepath: text(o.configFilepath, "configFilepath"),
  };
  return () => loadSharedFile(settings);
}
