// Reading one parameter of a token's query: what the core put in a token
// it signed (the lifetime it defaulted, the user as it spelled it) or
// accepted when it parsed one, so JS never keeps its own copy of a kind's facts.

/** The decoded value of the query parameter `name` (the first when repeated), or undefined. */
export function tokenParam(token: string, name: string): string | undefined {
  const match = new RegExp(`[?&]${name}=([^&]*)`).exec(token);
  return match ? decodeURIComponent(match[1]!) : undefined;
}
