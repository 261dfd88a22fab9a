// Node, Lambda, Bun, Deno: built twice (ESM and CommonJS), each carrying
// the wasm inside its JS (see wasm.ts), so a bundle needs no file beside it.
// Its runtime (`#runtime`, js/build.mjs) is runtime/node.ts: process.env, the
// shared files' regions, and the default credential chain when none are passed.
export * from "./api.js";
export { signToken, TokenSigner } from "./signing.js";
export { inspectToken, verifyToken } from "./inspect.js";

// Credential sources without the AWS SDK (Node only).
export { fromSharedFile, type SharedFileOptions } from "./node/shared-file.js";
export { fromWebIdentity, type WebIdentityOptions } from "./node/web-identity.js";
export { fromContainer, type ContainerOptions } from "./node/container.js";
export { fromInstanceMetadata, type InstanceMetadataOptions } from "./node/instance-metadata.js";
export { defaultCredentials, defaultRegion, type DefaultCredentialsOptions } from "./node/default-chain.js";
