// Compiles wasm bytes that travel inside the JS as base64 (Node and browser
// builds; js/build.mjs writes the string). Synchronous: current engines
// allow it for modules of this size, also on a browser's main thread.

type NodeBuffer = { from(text: string, encoding: "base64"): Uint8Array<ArrayBuffer> };

export function wasmFromBase64(text: string): WebAssembly.Module {
  return new WebAssembly.Module(decode(text));
}

function decode(text: string): Uint8Array<ArrayBuffer> {
  // Node, Bun and Deno: Buffer decodes natively (~20x faster than the loop below).
  // Looked up on globalThis so that no bundler sees `Buffer` and adds a polyfill.
  const buffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;
  if (buffer !== undefined) return buffer.from(text, "base64");
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
