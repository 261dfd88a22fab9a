// Node, Lambda, Bun, Deno: process.env, the shared config files' regions,
// and the default credential chain. Only Node builds resolve `#runtime` to
// this file, so nothing under ./node/ reaches the worker and browser bundles.
import type { CredentialProvider } from "../credentials.js";
import type { Runtime } from "../runtime.js";
import { defaultCredentials } from "../node/default-chain.js";
import { profileRegion } from "../node/shared-file.js";

declare const process: { env: Record<string, string | undefined> };

// One chain per profile for the process, so every Signer and
// authTokenProvider without credentials shares one source (and one cached identity).
const chains = new Map<string, CredentialProvider>();

export const runtime: Runtime = {
  env: () => process.env,
  profileRegion: (profile) => profileRegion(profile),
  defaultCredentials(profile) {
    const key = profile ?? "";
    let chain = chains.get(key);
    if (chain === undefined) {
      chain = defaultCredentials(profile === undefined ? {} : { profile });
      chains.set(key, chain);
    }
    return chain;
  },
};
