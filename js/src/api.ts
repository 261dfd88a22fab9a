// What every entry exports besides the signing functions.
export { RdsIamError, ERROR_CODES, type ErrorCode } from "./errors.js";
export type { Credentials, Service, TokenInput } from "./normalize.js";
export type { TokenInfo, VerifyOptions, VerifyResult } from "./signing.js";
export { tokenWarnings, type TokenWarning, type TokenWarningCode } from "./warnings.js";

// Caching and credentials.
export { authTokenProvider, type AuthTokenProvider, type ProviderStats } from "./provider.js";
export type { AuthTokenProviderOptions } from "./options.js";
export type { TokenEvent, TokenEventWarningCode } from "./events.js";
export { TokenCache, type TokenCacheOptions, type TokenCacheStats } from "./cache.js";
export { Signer, type SignerConfig } from "./signer-compat.js";
export {
  fromEnv,
  fromWorkersEnv,
  type CredentialIdentity,
  type CredentialProvider,
  type CredentialsOption,
} from "./credentials.js";

// Driver helpers.
export { pgConfig, pgPool, postgresJsOptions, type PgConfig, type PgModule, type PgPoolConfig, type PostgresHelperOptions, type PostgresSsl } from "./drivers/postgres.js";
export { mysql2Options, type Mysql2Options, type MysqlHelperOptions, type MysqlSsl } from "./drivers/mysql.js";
export { knexConnection, type KnexClient, type KnexConnectionSettings, type KnexHelperOptions } from "./drivers/knex.js";
export { redisOptions, type IoredisClusterLike, type IoredisLike, type RedisAuth, type RedisCredentialsProvider, type RedisHelperOptions } from "./drivers/redis.js";
export type { TlsOptions, VerifiedTls, DriverSsl, SslOption, DatabaseOptions } from "./drivers/common.js";
export { rotateHyperdrivePassword, type RotateHyperdriveOptions, type RotateHyperdriveResult } from "./hyperdrive.js";
