// Credential sources. Each yields an AWS SDK v3 style identity
// ({accessKeyId, secretAccessKey, sessionToken?, expiration?}) or an async
// provider of one, so SDK providers and ours are interchangeable.

import { RdsIamError } from "./errors.js";
import { envString, processEnv } from "./env.js";
import { redacted } from "./redact.js";
import { runtime } from "#runtime";

/** An AWS identity as the SDK v3 shapes it. */
export interface CredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
  /** When temporary credentials stop working; absent for long-term keys. */
  readonly expiration?: Date | undefined;
}

/** An async credential provider (any AWS SDK v3 one fits). */
export type CredentialProvider = (options?: { forceRefresh?: boolean }) => Promise<CredentialIdentity>;

/** What a `credentials` option takes. */
export type CredentialsOption = CredentialIdentity | CredentialProvider;

// Our identities are plain objects (signToken takes plain own-property
// objects only) whose secret and session token print as redacted: the
// inspect/JSON/String faces are non-enumerable, so spreads and the signer
// never see them. Being plain and frozen, they cannot say they are ours: a
// WeakSet does (a visible mark could be copied onto any object).
const REDACTED = new WeakSet<object>();

function makeIdentity(accessKeyId: string, secretAccessKey: string, sessionToken?: string, expiration?: Date): CredentialIdentity {
  const c: { -readonly [K in keyof CredentialIdentity]: CredentialIdentity[K] } = { accessKeyId, secretAccessKey };
  if (sessionToken !== undefined) c.sessionToken = sessionToken;
  // A copy: a Date stays mutable inside a frozen object.
  if (expiration !== undefined) c.expiration = new Date(expiration.getTime());
  redacted(c, "CredentialIdentity", () => ({
    accessKeyId,
    secretAccessKey: "[redacted]",
    sessionToken: sessionToken === undefined ? undefined : "[redacted]",
    expiration: c.expiration?.toISOString(),
  }));
  REDACTED.add(c);
  // Frozen: a token cache keys by its digest, so it must never change.
  return Object.freeze(c);
}

type Vars = Record<string, unknown>;

/** Builds an identity from AWS_* variables; `where` names the source in errors. */
function fromVars(vars: Vars | undefined, where: string): CredentialIdentity {
  const accessKeyId = envString(vars, "AWS_ACCESS_KEY_ID");
  const secretAccessKey = envString(vars, "AWS_SECRET_ACCESS_KEY");
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new RdsIamError("CREDENTIALS_UNAVAILABLE", `AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set in ${where}`);
  }
  const expiration = envString(vars, "AWS_CREDENTIAL_EXPIRATION");
  const expires = expiration === undefined ? undefined : new Date(expiration);
  if (expires !== undefined && Number.isNaN(expires.getTime())) {
    throw new RdsIamError("INVALID_CREDENTIALS", "must be an ISO 8601 time", "AWS_CREDENTIAL_EXPIRATION");
  }
  return makeIdentity(accessKeyId, secretAccessKey, envString(vars, "AWS_SESSION_TOKEN"), expires);
}

/**
 * Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 * `AWS_SESSION_TOKEN` (and `AWS_CREDENTIAL_EXPIRATION`), read when the
 * provider is called. Rejects with CREDENTIALS_UNAVAILABLE when unset.
 */
export function fromEnv(): CredentialProvider {
  const provider: CredentialProvider = async () => fromVars(processEnv(), "the environment");
  return ours(redacted(provider, "CredentialProvider", () => ({ source: "environment" })), "the environment (AWS_* variables)");
}

/**
 * Credentials from a Worker's `env` (secrets named as the AWS variables).
 * Typed `object` so the `Env` interface `wrangler types` generates fits
 * (an interface has no index signature, so it is no Record).
 */
export function fromWorkersEnv(env: object): CredentialIdentity {
  if (typeof env !== "object" || env === null) throw new RdsIamError("INVALID_INPUT", "must be the Worker's env object", "env");
  return fromVars(env as Vars, "the Worker env");
}

/** Whether `c` is one of our frozen, redacting identities. */
export function isIdentity(c: unknown): c is CredentialIdentity {
  return typeof c === "object" && c !== null && REDACTED.has(c);
}

/** A redacting copy of any identity (ours or the caller's). */
export function identity(c: CredentialIdentity): CredentialIdentity {
  return REDACTED.has(c) ? c : makeIdentity(c.accessKeyId, c.secretAccessKey, c.sessionToken ?? undefined, c.expiration ?? undefined);
}

/** A source's work: an identity, fetched when called; `signal` aborts when nobody waits any more. */
export type Load = (signal?: AbortSignal) => Promise<CredentialIdentity>;

// What we know of our own providers beyond the SDK's shape, which they keep
// exactly: what each is called in messages ("CREDENTIALS_EXPIRED: the
// credentials from the environment ..."), and for the Node sources a load
// taking an AbortSignal, so the cache can end their network work when nobody
// waits any more. A WeakMap: a function has no private fields, and a visible
// property could be copied onto any function.
const OURS = new WeakMap<object, { label: string; load: Load | undefined }>();

/** Marks `provider` as one of ours, called `label` in messages (and run as `load(signal)` by the cache, when given); returns it. */
export function ours<T extends object>(provider: T, label: string, load?: Load): T {
  OURS.set(provider, { label, load });
  return provider;
}

/** Calls a credential provider, passing `signal` on when it is one of ours that takes one. */
export function callProvider(provider: CredentialProvider, force: boolean, signal?: AbortSignal): Promise<CredentialIdentity> {
  const load = OURS.get(provider)?.load;
  if (load !== undefined) return load(signal);
  return force ? provider({ forceRefresh: true }) : provider();
}

/** Where a `credentials` option's identities come from, in words (never a value). */
export function sourceLabel(option: unknown): string {
  if (typeof option !== "function") return "the credentials object";
  const label = OURS.get(option)?.label;
  if (label !== undefined) return label;
  const name = (option as { name?: unknown }).name;
  return typeof name === "string" && /^[A-Za-z_$][\w$]{0,63}$/.test(name) ? `the credential provider ${name}()` : "the credential provider";
}

/** The default credentials (for `profile`, when given), or CREDENTIALS_UNAVAILABLE where the runtime has no default. */
export function runtimeDefaultCredentials(profile?: string): CredentialsOption {
  const defaultSource = runtime.defaultCredentials;
  if (!defaultSource) {
    throw new RdsIamError(
      "CREDENTIALS_UNAVAILABLE",
      "this runtime has no default credential chain: pass credentials (in a Cloudflare Worker: credentials: fromWorkersEnv(env))",
      "credentials",
    );
  }
  // The profile is fixed when the provider is made, as its region is: the
  // chain of "whatever AWS_PROFILE says" is shared by every provider, and
  // keeps the identity it found, so a provider made after AWS_PROFILE
  // changed would sign with the earlier profile's keys.
  return defaultSource(profile ?? envString(processEnv(), "AWS_PROFILE"));
}
