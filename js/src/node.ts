// Node, Lambda, Bun, Deno: built twice (ESM and CommonJS), each carrying
// the wasm inside its JS (see wasm.ts), so a bundle needs no file beside it.
import { setDefaultCredentials, type CredentialProvider } from "./credentials.js";
import { setProcessEnv } from "./env.js";
import { setProfileRegion } from "./region.js";
import { defaultCredentials } from "./node/default-chain.js";
import { profileRegion } from "./node/shared-file.js";

declare const process: { env: Record<string, string | undefined> };

export * from "./api.js";
export { signToken, TokenSigner } from "./signing.js";
export { inspectToken, verifyToken } from "./inspect.js";

// Only this entry knows process.env and the shared files: region resolution
// and the credential sources read them. Nothing under ./node/ is reachable
// from the worker and browser entries.
setProcessEnv(() => process.env);
setProfileRegion(profileRegion);

// Missing credentials mean the default chain in Node. One chain per profile
// for the process, so every Signer and authTokenProvider without
// credentials shares one source (and one cached identity).
const chains = new Map<string, CredentialProvider>();
setDefaultCredentials((profile) => {
  const key = profile ?? "";
  let chain = chains.get(key);
  if (chain === undefined) {
    chain = defaultCredentials(profile === undefined ? {} : { profile });
    chains.set(key, chain);
  }
  return chain;
});

// Credential sources without the AWS SDK (Node only).
export { fromSharedFile, type SharedFileOptions } from "./node/shared-file.js";
export { fromWebIdentity, type WebIdentityOptions } from "./node/web-identity.js";
export { fromContainer, type ContainerOptions } from "./node/container.js";
export { fromInstanceMetadata, type InstanceMetadataOptions } from "./node/instance-metadata.js";
export { defaultCredentials, defaultRegion, type DefaultCredentialsOptions } from "./node/default-chain.js";
