// What the Node credential sources share: their options check, reading the
// environment when called, the "not set up here" signal the default chain
// moves past, and turning an answer's fields into an identity.

import { RdsIamError } from "../errors.js";
import { envString, processEnv } from "../env.js";
import { identity, ours, type CredentialIdentity, type CredentialProvider, type Load } from "../credentials.js";

export type { Load } from "../credentials.js";
import { redacted } from "../redact.js";
import { positive, readingOptions, timeoutOption } from "../option-checks.js";
import { wellFormed } from "../normalize.js";

/** A variable of the process environment, when set and not empty. */
export function env(name: string): string | undefined {
  return envString(processEnv(), name);
}

/**
 * Thrown by a source's load when the source is not set up here, as opposed
 * to set up and failing: the default chain notes it and asks the next
 * source; everyone else gets the CREDENTIALS_UNAVAILABLE it carries
 * (sourceProvider unwraps it).
 */
export class NotSetUp {
  constructor(readonly error: RdsIamError) {}
}

export function notConfigured(reason: string): NotSetUp {
  return new NotSetUp(new RdsIamError("CREDENTIALS_UNAVAILABLE", reason));
}

/** Checks a source's options: a plain object (or nothing) with only `known` keys. */
export function sourceOptions(options: unknown, known: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  return readingOptions("options", () => {
    if (typeof options !== "object" || Array.isArray(options)) throw new RdsIamError("INVALID_INPUT", "must be an object", "options");
    // Read once, into a record of our own: the sources read it later, on every call.
    const o = options as Record<string, unknown>;
    const own: Record<string, unknown> = Object.create(null);
    for (const key of known) own[key] = o[key];
    for (const key of Object.keys(o)) {
      if (!known.includes(key) && o[key] !== undefined) throw new RdsIamError("INVALID_INPUT", "is not an option of this credential source", key);
    }
    return own;
  });
}

/** A source asking an HTTP endpoint: `timeoutMs` per request and `maxAttempts`, else the source's defaults. */
export function requestSettings(o: Record<string, unknown>, defaults: RequestSettings): RequestSettings {
  return {
    timeoutMs: timeoutOption(o.timeoutMs, "timeoutMs", defaults.timeoutMs),
    maxAttempts: positive(o.maxAttempts, "maxAttempts", defaults.maxAttempts, true),
  };
}

export interface RequestSettings {
  readonly timeoutMs: number;
  readonly maxAttempts: number;
}

/** An answer's body as a JSON object; `what` names the source and `notJson` says what came instead, in errors. */
export function jsonObject(body: string, what: string, notJson: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new RdsIamError("PROVIDER_FAILED", `${what} answered with ${notJson}`);
  }
  if (typeof json !== "object" || json === null) throw new RdsIamError("PROVIDER_FAILED", `${what} answered with JSON that is not an object`);
  return json as Record<string, unknown>;
}

/** The identity in an answer's fields; `what` names the source in errors. Expired credentials are refused. */
export function answerIdentity(
  fields: { accessKeyId: unknown; secretAccessKey: unknown; sessionToken?: unknown; expiration?: unknown },
  what: string,
): CredentialIdentity {
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = fields;
  if (typeof accessKeyId !== "string" || accessKeyId === "" || typeof secretAccessKey !== "string" || secretAccessKey === "") {
    throw new RdsIamError("PROVIDER_FAILED", `${what} answered without an access key id and secret access key`);
  }
  if (sessionToken !== undefined && sessionToken !== null && typeof sessionToken !== "string") {
    throw new RdsIamError("PROVIDER_FAILED", `${what} answered with a session token that is not a string`);
  }
  // A lone surrogate (say, from a JSON \ud800 escape) would be signed as U+FFFD: another secret.
  for (const [name, value] of [["access key id", accessKeyId], ["secret access key", secretAccessKey], ["session token", sessionToken]] as const) {
    if (typeof value === "string" && !wellFormed(value)) throw new RdsIamError("PROVIDER_FAILED", `${what} answered with a ${name} that is not well-formed text`);
  }
  let expires: Date | undefined;
  if (expiration !== undefined && expiration !== null) {
    expires = typeof expiration === "string" ? new Date(expiration) : undefined;
    if (expires === undefined || Number.isNaN(expires.getTime())) {
      throw new RdsIamError("PROVIDER_FAILED", `${what} answered with an expiration that is not a time`);
    }
    if (expires.getTime() <= Date.now()) {
      throw new RdsIamError("CREDENTIALS_EXPIRED", `${what} answered with credentials that expired at ${expires.toISOString()}`);
    }
  }
  return identity({
    accessKeyId,
    secretAccessKey,
    sessionToken: typeof sessionToken === "string" && sessionToken !== "" ? sessionToken : undefined,
    expiration: expires,
  });
}

/** The public provider over a source's load: prints as its source's name only; "not set up here" is the error it carries. */
export function sourceProvider(source: string, load: Load): CredentialProvider {
  const run: Load = (signal) =>
    load(signal).catch((thrown: unknown) => {
      throw thrown instanceof NotSetUp ? thrown.error : thrown;
    });
  const provider: CredentialProvider = () => run();
  // The token cache calls `run` with a signal, aborted when nobody waits any more.
  return ours(redacted(provider, "CredentialProvider", () => ({ source })), `the ${source} credential source`, run);
}

/** The text of an OS error code (ENOENT, EACCES), never its message (which may quote paths we did not choose). */
export function osCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[A-Z0-9_]+$/.test(code) ? code : "an error";
}
