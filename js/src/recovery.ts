// Stale-token recovery: what counts as a refused login, and the rule that
// at most one refusal per key per window forces a fresh token (so a server
// that refuses every token — a missing grant, say — costs one signing and
// one credential fetch per window, never a loop or a storm).

/** PostgreSQL's SQLSTATEs for a refused login (invalid_password, invalid_authorization_specification). */
const POSTGRES_CODES = new Set(["28P01", "28000"]);
/** MySQL / MariaDB: ER_ACCESS_DENIED_ERROR. */
const MYSQL_ERRNO = 1045;

/** Whether a driver's error is the server refusing a login (pg, postgres.js, mysql2). */
export function isRefusedLogin(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  try {
    const { code, errno } = error as { code?: unknown; errno?: unknown };
    return (typeof code === "string" && (POSTGRES_CODES.has(code) || code === "ER_ACCESS_DENIED_ERROR")) || errno === MYSQL_ERRNO;
  } catch {
    return false; // a getter that throws is no refusal we know
  }
}

/**
 * When each key last forced a fresh token, for the providers sharing one
 * cache. `claim(key, now, windowMs)`: true, and recorded, when `key` has
 * not forced a fresh token within `windowMs` of `now`. Entries older than
 * the window are dropped whenever one is added, so the map stays small.
 */
export class RefusalWindow {
  readonly #forcedAt = new Map<string, number>();

  claim(key: string, now: number, windowMs: number): boolean {
    const times = this.#forcedAt;
    const last = times.get(key);
    if (last !== undefined && Math.abs(now - last) < windowMs) return false;
    for (const [k, at] of times) if (Math.abs(now - at) >= windowMs) times.delete(k);
    times.set(key, now);
    return true;
  }
}
