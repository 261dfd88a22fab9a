// One HTTP exchange for the credential sources (node:http / node:https, a
// fresh connection each time), with a deadline over the whole exchange and
// a cap on the answer, and a small retry loop. Redirects are never followed
// (a 3xx is HTTP_ERROR): these requests carry tokens, and the answers are
// credentials, so both stay with the origin that was configured. Errors
// name the service and its origin, never a path, header or body: those may
// carry credentials.

import { RdsIamError } from "../errors.js";
import { startTimer } from "../deadline.js";
import { chunksText } from "../chunks.js";

type Request = typeof import("node:http").request;

// Loaded on the first request: importing node:http and node:https costs
// about 5 ms, two thirds of the package's import, in every cold start.
let libs: Promise<{ http: Request; https: Request }> | undefined;
const loadLibs = () =>
  (libs ??= Promise.all([import("node:http"), import("node:https")]).then(([http, https]) => ({ http: http.request, https: https.request })));

export interface Exchange {
  readonly url: URL;
  readonly method?: "GET" | "PUT" | "POST";
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
  /** Who answers, for error messages: "the instance metadata service". */
  readonly what: string;
  /** Aborted when nobody waits for the answer any more: the request ends at once. */
  readonly signal?: AbortSignal | undefined;
  /** Within withRetries: no answer at all (a timeout, a network failure; never a redirect) is worth another try. */
  readonly retryUnanswered?: boolean;
}

export interface Answer {
  readonly status: number;
  readonly body: string;
}

/** Answers larger than this are refused (credentials are a few KB). */
const MAX_BODY_BYTES = 256 * 1024;

/** Scheme, host and port only: paths and queries may be capabilities. */
export function origin(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** Sends one request; resolves with any status but a redirect, rejects with TIMEOUT or HTTP_ERROR when there is no answer. */
export async function exchange(x: Exchange): Promise<Answer> {
  const where = `${x.what} (${origin(x.url)})`;
  const libs = await loadLibs();
  // No answer: another try when the caller wants one (a redirect is an answer, never retried).
  const unanswered = (error: RdsIamError) => (x.retryUnanswered ? new TryAgain(error) : error);
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (error: RdsIamError | TryAgain | undefined, answer?: Answer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      x.signal?.removeEventListener("abort", onAbort);
      if (error) {
        request.destroy();
        reject(error);
      } else {
        resolve(answer!);
      }
    };
    const headers: Record<string, string | number> = { ...x.headers };
    if (x.body !== undefined) headers["Content-Length"] = new TextEncoder().encode(x.body).length;
    const send = x.url.protocol === "https:" ? libs.https : libs.http;
    let request: ReturnType<Request>;
    try {
      request = send(x.url, { method: x.method ?? "GET", headers, agent: false }, onResponse);
    } catch {
      // Node refuses a header with a control character (say, from a token file) before sending anything.
      reject(unanswered(new RdsIamError("HTTP_ERROR", `could not send a request to ${where} (a header value is not allowed)`)));
      return;
    }
    function onResponse(response: import("node:http").IncomingMessage): void {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        response.destroy();
        finish(redirectError(x, status));
        return;
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      response.on("data", (chunk) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          response.destroy();
          finish(new RdsIamError("PROVIDER_FAILED", `${where} answered with more than ${MAX_BODY_BYTES} bytes`));
        } else {
          chunks.push(chunk);
        }
      });
      response.on("error", () => finish(unanswered(new RdsIamError("HTTP_ERROR", `the connection to ${where} broke while reading its answer`))));
      response.on("end", () => finish(undefined, { status, body: chunksText(chunks, size) }));
    }
    const timer = startTimer(
      () => finish(unanswered(new RdsIamError("TIMEOUT", `no answer from ${where} within ${x.timeoutMs} ms`))),
      x.timeoutMs,
    );
    function onAbort(): void {
      finish(abandonedError(where));
    }
    if (x.signal?.aborted) onAbort();
    else x.signal?.addEventListener("abort", onAbort, { once: true });
    request.on("error", (error) => {
      const code = typeof error.code === "string" && /^[A-Z_]+$/.test(error.code) ? error.code : "a network error";
      finish(unanswered(new RdsIamError("HTTP_ERROR", `could not reach ${where} (${code})`)));
    });
    request.end(x.body);
  });
}

function abandonedError(where: string): RdsIamError {
  return new RdsIamError("PROVIDER_FAILED", `the request to ${where} was abandoned: nobody waits for its answer any more`);
}

/** Thrown by one try for another, if withRetries has any left; else it throws `error`. */
export class TryAgain {
  constructor(readonly error: RdsIamError) {}
}

/**
 * What to throw for a non-2xx answer: HTTP_ERROR (`detail` being a short
 * safe word, an AWS error code), to be tried again for server errors and
 * throttling (a client error is not), or when the caller knows `transient`.
 */
export function answerError(x: Exchange, status: number, detail?: string, transient = false): RdsIamError | TryAgain {
  const error = new RdsIamError("HTTP_ERROR", `${x.what} (${origin(x.url)}) answered HTTP ${status}${detail ? ` ${detail}` : ""}`);
  return transient || status >= 500 || status === 429 ? new TryAgain(error) : error;
}

/** HTTP_ERROR for a 3xx: never followed, and never retried. */
function redirectError(x: Exchange, status: number): RdsIamError {
  return new RdsIamError("HTTP_ERROR", `${x.what} (${origin(x.url)}) answered with a redirect (HTTP ${status}), which is never followed`);
}

/** Sends `x` up to `attempts` times: `answer` makes the result of an answer, or throws (answerError to try again). */
export function ask<T>(x: Exchange, attempts: number, answer: (a: Answer) => T): Promise<T> {
  return withRetries(attempts, async () => answer(await exchange(x)), x.signal);
}

/**
 * Runs `attempt` up to `attempts` times while it throws TryAgain (and
 * someone still waits), waiting 100 ms, 200 ms, 400 ms ... between tries.
 */
async function withRetries<T>(attempts: number, attempt: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (thrown) {
      if (!(thrown instanceof TryAgain)) throw thrown;
      // Abandoned (nobody waits any more): no further try, no timer left behind.
      if (n >= attempts || signal?.aborted) throw thrown.error;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 100 * 2 ** (n - 1));
        function done(): void {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          resolve();
        }
        signal?.addEventListener("abort", done, { once: true });
      });
      if (signal?.aborted) throw thrown.error;
    }
  }
}
