// The inspect module (inspectToken, verifyToken; see src/wasm.rs), apart
// from the signing module: only inspect.ts imports this file, so a bundle
// that never inspects or verifies never resolves `#wasm/inspect` (wrangler
// uploads every .wasm a bundle resolves, used or not).
import loadInspect from "#wasm/inspect";
import { ABSENT, ownInstance, PORT_GIVEN, type Io, type InspectWasm } from "./wasm.js";
import { decode } from "#utf8";

function inspectExports(io: Io): InspectWasm {
  return {
    inspectToken(token) {
      const out = io.call("inspectToken", io.pack([token]));
      const fields: string[] = [];
      for (let at = 0; at < out.length; ) {
        const len = (out[at]! | (out[at + 1]! << 8) | (out[at + 2]! << 16) | (out[at + 3]! << 24)) >>> 0;
        at += 4;
        if (len === ABSENT) {
          fields.push("");
          continue;
        }
        fields.push(decode(out.subarray(at, at + len)));
        at += len;
      }
      return fields;
    },
    verifyToken(token, keys, anySecret, nowMs, username, hostname, port, skewSeconds) {
      const len = io.pack([token, anySecret, username, hostname, ...keys]);
      io.call("verifyToken", len, nowMs, port ?? 0, skewSeconds, port === undefined ? 0 : PORT_GIVEN);
    },
  };
}

let inspecting: InspectWasm | undefined;

/** The inspect module's functions, instantiated on first use. */
export function inspectWasm(): InspectWasm {
  return (inspecting ??= inspectExports(ownInstance(loadInspect)));
}
