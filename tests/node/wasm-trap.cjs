// Preloaded (`node -r`) by internal-error.test.mjs: every wasm export that
// signs traps as a panic would (`unreachable`), or, with
// WASM_TRAP=unknown-code, throws an error string with a code the JS layer
// does not know; so the tests can see what a bug in the core looks like
// from JS and the CLI. Not a test file itself.
const Original = WebAssembly.Instance;

function fail() {
  if (process.env.WASM_TRAP === "unknown-code") throw "SOMETHING_NEW\tport\ta reason from a newer core";
  throw new WebAssembly.RuntimeError("unreachable");
}

class TrappingInstance extends Original {
  get exports() {
    const real = super.exports;
    const wrapped = {};
    for (const [name, value] of Object.entries(real)) {
      wrapped[name] =
        typeof value === "function" && /sign/i.test(name) ? fail : value;
    }
    return wrapped;
  }
}

WebAssembly.Instance = TrappingInstance;
