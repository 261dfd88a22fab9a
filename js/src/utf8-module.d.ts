// `#utf8`: UTF-8 at the wasm boundary, as js/build.mjs resolves it per entry
// (utf8/native.ts, or utf8/jsdom.ts for the browser builds).
declare module "#utf8" {
  export function encodeInto(text: string, into: Uint8Array): number;
  export function decode(bytes: Uint8Array): string;
}
