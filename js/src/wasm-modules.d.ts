// The two wasm modules, as js/build.mjs provides them per entry: compiled
// from base64 inside the JS (Node, browsers) or the precompiled module a
// Workers bundler makes of a `.wasm` import. Called once, on first use.
declare module "#wasm/sign" {
  const load: () => WebAssembly.Module;
  export default load;
}
declare module "#wasm/inspect" {
  const load: () => WebAssembly.Module;
  export default load;
}
