// UTF-8 at the wasm boundary. Every browser and server runtime has
// TextEncoder and TextDecoder; jsdom (Jest's "jsdom" test environment) has
// neither, and there the URI functions, which every engine has, do the
// same work (slower, but only there).
const encoder = typeof TextEncoder === "function" ? /* @__PURE__ */ new TextEncoder() : undefined;
const decoder = typeof TextDecoder === "function" ? /* @__PURE__ */ new TextDecoder() : undefined;
// A lone surrogate, which TextEncoder writes as U+FFFD and encodeURIComponent refuses.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Writes `text` as UTF-8 into `into` (room for 3 bytes per UTF-16 unit); returns the bytes written. */
export function encodeInto(text: string, into: Uint8Array): number {
  if (encoder) return encoder.encodeInto(text, into).written;
  const binary = unescape(encodeURIComponent(text.replace(LONE_SURROGATE, "\uFFFD")));
  for (let i = 0; i < binary.length; i++) into[i] = binary.charCodeAt(i);
  return binary.length;
}

/** The text of UTF-8 `bytes` (the wasm modules only write well-formed UTF-8). */
export function decode(bytes: Uint8Array): string {
  if (decoder) return decoder.decode(bytes);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return decodeURIComponent(escape(binary));
}
