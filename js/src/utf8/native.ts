// UTF-8 at the wasm boundary where TextEncoder and TextDecoder always exist
// (Node, Bun, Deno, Workers): `#utf8` for those builds (js/build.mjs).
const encoder = /* @__PURE__ */ new TextEncoder();
const decoder = /* @__PURE__ */ new TextDecoder();

/** Writes `text` as UTF-8 into `into` (room for 3 bytes per UTF-16 unit); returns the bytes written. */
export const encodeInto = (text: string, into: Uint8Array): number => encoder.encodeInto(text, into).written;

/** The text of UTF-8 `bytes`. */
export const decode = (bytes: Uint8Array): string => decoder.decode(bytes);
