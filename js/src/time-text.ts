// Times as our messages print them: ISO 8601 to the second and short
// durations. Pure; used by the warnings, the CLI and the expired-credentials
// error.

/** `1d 2h`, `3h 4m`, `5m 6s`, `7s` (always two units at most, rounded down). */
export function duration(ms: number): string {
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s}s`;
  return `${s}s`;
}

/** ISO 8601 to the second, as X-Amz-Date is. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
