// `#runtime`: this build's Runtime (see runtime.ts), as js/build.mjs resolves it per entry.
declare module "#runtime" {
  export const runtime: import("./runtime.js").Runtime;
}
