// rotateHyperdrivePassword: Hyperdrive keeps a static origin password and
// has no IAM auth, so a scheduled Worker signs a fresh token and writes it
// into the config's `origin.password` through the Cloudflare API. The PATCH
// carries the database password and the API token: it never follows a
// redirect, its answer is read with a size cap, and nothing of the answer
// reaches our errors but a short excerpt scrubbed of every secret.
// https://developers.cloudflare.com/api/resources/hyperdrive/subresources/configs/methods/edit/

import { sourceLabel, type CredentialsOption } from "./credentials.js";
import { RdsIamError } from "./errors.js";
import { deadline, startTimer } from "./deadline.js";
import { checked, expiredError, expiryOf, providerError } from "./credential-source.js";
import { errorKind, scrubbed } from "./redact.js";
import { httpUrl, readingOptions, timeoutOption } from "./option-checks.js";
import { object, toMillis, type TokenInput } from "./normalize.js";
import { signToken } from "./signing.js";
import * as DEFAULTS from "./defaults.js";
import { tokenParam } from "./token-query.js";
import { chunksText } from "./chunks.js";

export interface RotateHyperdriveOptions extends Omit<TokenInput, "credentials"> {
  accountId: string;
  configId: string;
  /** A Cloudflare API token with Hyperdrive edit permission. */
  apiToken: string;
  /** An identity (e.g. `fromWorkersEnv(env)`) or an async provider of one. */
  credentials: CredentialsOption;
  /** Default "https://api.cloudflare.com". */
  apiBaseUrl?: string;
  /** Default globalThis.fetch. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Per request (at most two are made); default 10000. */
  timeoutMs?: number;
}

export interface RotateHyperdriveResult {
  configId: string;
  /** Epoch ms after which the new password no longer opens connections (token or credentials expiry). */
  expiresAt: number;
}

const RETRY_DELAY_MS = 250;
/** The API's answers are a few KB; more is refused unread. */
export const MAX_ANSWER_BYTES = 1024 * 1024;
const OWN_FIELDS = new Set(["accountId", "configId", "apiToken", "apiBaseUrl", "fetch", "timeoutMs", "credentials"]);
// Cloudflare ids are 32 hex digits; anything URL-safe is accepted, nothing that changes the path.
const ID = /^[A-Za-z0-9_-]{1,64}$/;

type Normalised = {
  url: string;
  configId: string;
  apiToken: string;
  fetch: NonNullable<RotateHyperdriveOptions["fetch"]>;
  timeoutMs: number;
  credentials: CredentialsOption;
  token: Record<string, unknown>; // the TokenInput fields, checked by signToken
};

function options(input: unknown): Normalised {
  const o = object(input, undefined); // own fields of a plain object, as signToken takes them
  for (const field of ["accountId", "configId"]) {
    if (typeof o[field] !== "string" || !ID.test(o[field] as string)) {
      throw new RdsIamError("INVALID_INPUT", "must be a Cloudflare id (letters, digits, - or _)", field);
    }
  }
  if (typeof o.apiToken !== "string" || !/^[\x21-\x7e]+$/.test(o.apiToken)) {
    throw new RdsIamError("INVALID_INPUT", "must be a non-empty token of printable ASCII", "apiToken");
  }
  const base = o.apiBaseUrl ?? DEFAULTS.hyperdrive.apiBaseUrl;
  const parsed = httpUrl(base);
  // No user:password@ either: fetch refuses such a URL (a TypeError, retried), and it would put a secret in the URL.
  if (!parsed || parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new RdsIamError("INVALID_INPUT", "must be an http(s) URL without query or user:password@", "apiBaseUrl");
  }
  // Called through a wrapper: workerd's fetch throws "Illegal invocation" when `this` is not the global.
  const fetcher = o.fetch ?? ((url: string, init: RequestInit) => globalThis.fetch(url, init));
  if (typeof fetcher !== "function") throw new RdsIamError("INVALID_INPUT", "must be a function", "fetch");
  const timeoutMs = timeoutOption(o.timeoutMs, "timeoutMs", DEFAULTS.hyperdrive.timeoutMs);
  if (o.credentials === undefined || o.credentials === null) {
    throw new RdsIamError("INVALID_CREDENTIALS", "are required (in a Worker: credentials: fromWorkersEnv(env))", "credentials");
  }
  const service = o.service ?? DEFAULTS.service;
  if (service !== "rds" && service !== "dsql") {
    // Hyperdrive fronts PostgreSQL and MySQL; cache tokens have no place there.
    throw new RdsIamError("INVALID_SERVICE", "must be rds or dsql for Hyperdrive", "service");
  }
  const token: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(o)) if (!OWN_FIELDS.has(key)) token[key] = value;
  const path = `/client/v4/accounts/${o.accountId}/hyperdrive/configs/${o.configId}`;
  return {
    url: parsed.href.replace(/\/+$/, "") + path,
    configId: o.configId as string,
    apiToken: o.apiToken,
    fetch: fetcher as Normalised["fetch"],
    timeoutMs,
    credentials: o.credentials as CredentialsOption,
    token,
  };
}

/** The identity to sign with, checked as the token cache checks it (an expiration must be a Date, never a string or number). */
async function resolveCredentials(source: CredentialsOption, timeoutMs: number) {
  if (typeof source !== "function") return checked(source, "credentials");
  let value: unknown;
  try {
    const late = () => new RdsIamError("TIMEOUT", `${sourceLabel(source)} did not answer within ${timeoutMs} ms`, "credentials");
    value = await deadline(Promise.resolve(source()), timeoutMs, late);
  } catch (thrown) {
    // The provider's own message may quote what it read: keep only its kind.
    throw providerError(thrown);
  }
  return checked(value, "credentials");
}

/** Cloudflare's `errors: [{ code, message }]` (else the body itself) as a short excerpt scrubbed of every secret we hold. */
function describe(body: string, secrets: string[]): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const errors = (parsed as { errors?: unknown } | undefined)?.errors;
  const text = Array.isArray(errors)
    ? errors
        .slice(0, 3)
        .map((e: { code?: unknown; message?: unknown }) => `${typeof e?.code === "number" ? e.code : "?"}: ${typeof e?.message === "string" ? e.message : ""}`)
        .join("; ")
    : parsed === undefined
      ? body
      : "";
  const excerpt = scrubbed(text, secrets, 200);
  return excerpt ? ` (${excerpt})` : "";
}

/**
 * The answer's text, refusing more than MAX_ANSWER_BYTES (read as a stream:
 * a flood is cut off, not buffered). When `signal` aborts (the deadline) the
 * stream is cancelled: a custom fetch that ignores the signal must not keep
 * a body that drips without end being read after we gave up.
 */
async function answerText(response: Response, signal: AbortSignal): Promise<string> {
  const tooLong = () => new RdsIamError("HTTP_ERROR", `the Cloudflare API answered with more than ${MAX_ANSWER_BYTES} bytes`);
  const declared = Number(response.headers?.get?.("content-length") ?? NaN);
  if (declared > MAX_ANSWER_BYTES) {
    await response.body?.cancel().catch(() => {});
    throw tooLong();
  }
  const reader = response.body?.getReader?.();
  if (!reader) {
    // A custom fetch's Response-like object without a stream: its text, still capped.
    const text = typeof response.text === "function" ? await response.text() : "";
    if (typeof text !== "string") return "";
    if (new TextEncoder().encode(text).length > MAX_ANSWER_BYTES) throw tooLong();
    return text;
  }
  const stop = () => void reader.cancel().catch(() => {});
  if (signal.aborted) stop();
  signal.addEventListener("abort", stop, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLong();
    }
    chunks.push(value);
  }
  return chunksText(chunks, size);
}

type Outcome = { ok: true } | { ok: false; retry: boolean; error: RdsIamError };

async function patchOnce(o: Normalised, body: string, secrets: string[]): Promise<Outcome> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = startTimer(() => {
      controller.abort();
      reject(new RdsIamError("TIMEOUT", `no answer from the Cloudflare API within ${o.timeoutMs} ms`));
    }, o.timeoutMs);
  });
  const attempt = async (): Promise<Outcome> => {
    let response: Response;
    try {
      const fetcher = o.fetch;
      response = await fetcher(o.url, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${o.apiToken}`, "Content-Type": "application/json" },
        body,
        signal: controller.signal,
        // The body holds the new database password: it goes to this URL only.
        redirect: "manual",
      });
    } catch (thrown) {
      const kind = errorKind(thrown);
      return { ok: false, retry: true, error: new RdsIamError("HTTP_ERROR", `could not reach the Cloudflare API (${kind})`) };
    }
    const status = response.status;
    // "manual" gives the 3xx itself (Node, workerd) or an opaque redirect
    // (browsers: status 0); a fetch that followed anyway says `redirected`.
    if (response.type === "opaqueredirect" || (status >= 300 && status < 400) || response.redirected === true) {
      await response.body?.cancel().catch(() => {});
      const what = status >= 300 && status < 400 ? ` (HTTP ${status})` : "";
      return { ok: false, retry: false, error: new RdsIamError("HTTP_ERROR", `the Cloudflare API answered with a redirect${what}, which is never followed`) };
    }
    let text: string;
    try {
      text = await answerText(response, controller.signal);
    } catch (thrown) {
      if (thrown instanceof RdsIamError) return { ok: false, retry: false, error: thrown };
      return { ok: false, retry: true, error: new RdsIamError("HTTP_ERROR", "the connection to the Cloudflare API broke while reading its answer") };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (status >= 200 && status < 300 && (parsed as { success?: unknown })?.success === true) return { ok: true };
    const what = status >= 200 && status < 300 ? `an unsuccessful answer (HTTP ${status})` : `HTTP ${status}`;
    const error = new RdsIamError("HTTP_ERROR", `the Cloudflare API refused the Hyperdrive update: ${what}${describe(text, secrets)}`);
    return { ok: false, retry: status >= 500, error };
  };
  try {
    return await Promise.race([attempt(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Signs a fresh token and makes it the Hyperdrive config's origin password.
 * One retry on a 5xx answer or a network failure; a 4xx answer or a timeout
 * fails at once (the next scheduled run tries again).
 */
export async function rotateHyperdrivePassword(input: RotateHyperdriveOptions): Promise<RotateHyperdriveResult> {
  const o = readingOptions("options", () => options(input));
  const credentials = await resolveCredentials(o.credentials, o.timeoutMs);
  const now = toMillis(o.token.now);
  const expiration = expiryOf(credentials);
  if (expiration <= now) throw expiredError(sourceLabel(o.credentials), expiration, now, 0);
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  const token = signToken({ ...o.token, now, credentials: { accessKeyId, secretAccessKey, sessionToken } } as TokenInput);
  // The lifetime the core signed for (the given one, or its default).
  const expiresIn = Number(tokenParam(token, "X-Amz-Expires"));
  const expiresAt = Math.min(Math.floor(now / 1000) * 1000 + expiresIn * 1000, expiration);

  const signature = tokenParam(token, "X-Amz-Signature") ?? "";
  // The token's secret parts (its signature; the session token it carries):
  // its host and user are no secret, and words like "connect" must stay readable.
  const secrets = [signature, o.apiToken, secretAccessKey, sessionToken ?? ""];
  const body = JSON.stringify({ origin: { password: token } });
  let outcome = await patchOnce(o, body, secrets);
  if (!outcome.ok && outcome.retry) {
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    outcome = await patchOnce(o, body, secrets);
  }
  if (!outcome.ok) throw outcome.error;
  return { configId: o.configId, expiresAt };
}
