// How our objects print. Secrets and tokens live in private fields or
// closures; util.inspect (Node, Bun), Deno's inspector, JSON.stringify and
// String() all see the same short description built from public facts.

export const INSPECT = Symbol.for("nodejs.util.inspect.custom");
const DENO_INSPECT = Symbol.for("Deno.customInspect");

export type Facts = Record<string, string | number | boolean | null | undefined>;

/** `Name { key: value, ... }` from fields that are never secret. */
export function describe(name: string, facts: Facts): string {
  const parts = Object.entries(facts)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? JSON.stringify(value) : String(value)}`);
  return parts.length ? `${name} { ${parts.join(", ")} }` : `${name} {}`;
}

/** Gives `target` (an object or a function) a redacted face; returns it. */
export function redacted<T extends object>(target: T, name: string, facts: () => Facts): T {
  const text = () => describe(name, facts());
  const hidden = (value: unknown) => ({ value, enumerable: false, configurable: true, writable: true });
  Object.defineProperties(target, {
    [INSPECT]: hidden(text),
    [DENO_INSPECT]: hidden(text),
    toString: hidden(text),
    toJSON: hidden(() => ({ [name]: facts() })),
  });
  return target;
}

/** The same three faces for a class prototype. */
export function redactedClass(prototype: object, name: string, facts: (self: never) => Facts): void {
  const text = function (this: never) {
    return describe(name, facts(this));
  };
  const hidden = (value: unknown) => ({ value, enumerable: false, configurable: true, writable: true });
  Object.defineProperties(prototype, {
    [INSPECT]: hidden(text),
    [DENO_INSPECT]: hidden(text),
    toString: hidden(text),
    toJSON: hidden(function (this: never) {
      return { [name]: facts(this) };
    }),
  });
}

// Text from elsewhere (an API's error message, a response body) shown in
// our errors: an API may echo back a secret we sent, whole or in part (a
// prefix of the API token, a slice of the session token), plain or
// URL-encoded. Any run of non-space characters sharing SHARED_RUN
// characters with a secret is redacted whole, and so is anything that looks
// like key material; control and bidi characters are escaped; what is left
// is cut short.

/** Characters a secret and a run of text must share to count as an echo. */
const SHARED_RUN = 6;
/** Text read before scrubbing; the excerpt is far shorter, so nothing cut here shows. */
const READ_LIMIT = 4096;
// By Unicode category, not a hand list: controls (C0, DEL, C1), every
// format character (bidi overrides and isolates, zero-width ones, the
// invisible tag characters U+E0000..), line and paragraph separators, and
// lone surrogates. Astral ones are escaped as their surrogate pair.
// Built on first use: as a literal, V8 would check its Unicode property
// classes while parsing the entry, ~0.3 ms of every process's import.
let unsafe: RegExp | undefined;
const unsafeCharacters = () => (unsafe ??= new RegExp("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}]", "gu"));

/** Each UTF-16 unit of `c` as \uXXXX (a JSON escape too). */
export function escapeUnits(c: string): string {
  let out = "";
  for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`;
  return out;
}

// Long opaque runs (base64, hex) and signed-query values: key material whatever it belongs to.
const OPAQUE = /^[A-Za-z0-9+/=_%-]{32,}$|X-Amz-/i;

/**
 * What kind of thing was thrown, safe to show: its `name` when that is a
 * plain identifier (Error, TypeError, CredentialsProviderError), else
 * "unknown". Never its message, and never a name that could be anything
 * else: a name is the thrower's to set, and reading it may itself throw (a
 * Proxy, a getter).
 */
export function errorKind(thrown: unknown): string {
  let name: unknown;
  try {
    name = (thrown as { name?: unknown } | null | undefined)?.name;
  } catch {
    return "unknown";
  }
  // Under 32 characters: longer runs look like key material (see OPAQUE).
  return typeof name === "string" && /^[A-Za-z_$][\w$]{0,30}$/.test(name) ? name : "unknown";
}

/** `text` with every character outside printable text shown as \uXXXX. */
export function escapeControls(text: string): string {
  return text.replace(unsafeCharacters(), escapeUnits);
}

/** A short excerpt of `text` from elsewhere, safe to show: see above. */
export function scrubbed(text: string, secrets: readonly (string | undefined)[], max = 200): string {
  const pieces = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      const lower = form.toLowerCase();
      const k = Math.min(SHARED_RUN, lower.length);
      for (let i = 0; i + k <= lower.length; i++) pieces.add(lower.slice(i, i + k));
    }
  }
  const sizes = [...new Set([...pieces].map((p) => p.length))];
  const echoes = (run: string) => {
    const lower = run.toLowerCase();
    return sizes.some((k) => {
      for (let i = 0; i + k <= lower.length; i++) if (pieces.has(lower.slice(i, i + k))) return true;
      return false;
    });
  };
  const clean = text
    .slice(0, READ_LIMIT)
    .split(/(\s+)/)
    .map((run) => (/^\s*$/.test(run) ? " " : echoes(run) || OPAQUE.test(run) ? "[redacted]" : run))
    .join("")
    .trim();
  const shown = escapeControls(clean);
  return shown.length > max ? `${shown.slice(0, max)}...` : shown;
}
