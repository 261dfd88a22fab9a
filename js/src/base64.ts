// Compiles wasm bytes that travel inside the JS as base64 (Node and browser
// builds; js/build.mjs writes the string). Synchronous: current engines
// allow it for modules of this size, also on a browser's main thread.
export function wasmFromBase64(text: string): WebAssembly.Module {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new WebAssembly.Module(bytes);
}
