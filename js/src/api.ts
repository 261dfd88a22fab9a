// What every entry exports besides the signing functions.
export { RdsIamError, ERROR_CODES, type ErrorCode } from "./errors.js";
export type { Credentials, Service, TokenInput } from "./normalize.js";
export type { TokenInfo, VerifyOptions, VerifyResult } from "./signing.js";
