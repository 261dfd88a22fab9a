// UTF-8 at the wasm boundary for the browser builds (`#utf8`, js/build.mjs).
// Every browser has TextEncoder and TextDecoder; jsdom (Jest's "jsdom" test
// environment), which loads the browser build, has neither, and there the
// URI functions, which every engine has, do the same work (slower, but
// only there).
const encoder = typeof TextEncoder == "function" ? /* @__PURE__ */ new TextEncoder() : undefined;
const decoder = typeof TextDecoder == "function" ? /* @__PURE__ */ new TextDecoder() : undefined;

/** Writes `text` as UTF-8 into `into` (room for 3 bytes per UTF-16 unit); returns the bytes written. */
export function encodeInto(text: string, into: Uint8Array): number {
  if (encoder) return encoder.encodeInto(text, into).written;
  // toWellFormed: lone surrogates become U+FFFD, as TextEncoder writes them (encodeURIComponent would throw).
  const binary = unescape(encodeURIComponent(text.toWellFormed()));
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
