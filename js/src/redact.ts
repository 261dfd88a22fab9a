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
