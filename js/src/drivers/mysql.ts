// mysql2: RDS MySQL/MariaDB IAM logins switch to mysql_clear_password,
// which mysql2 only allows through a custom auth plugin; ours answers with
// the token followed by a NUL byte. Clear text: TLS is required.

import * as DEFAULTS from "../defaults.js";
import type { AuthTokenProviderOptions } from "../options.js";
import { coreOf, type AuthTokenProvider } from "../provider.js";
import { database, make, tls, withProvider, type DriverSsl, type MYSQL_RDS_PROFILE, type TlsOptions } from "./common.js";

/** What mysql2's `ssl` takes here: TLS options, `true` for the defaults, or mysql2's "Amazon RDS" profile (its RDS CA bundle). TLS cannot be off. */
export type MysqlSsl = TlsOptions | true | typeof MYSQL_RDS_PROFILE | undefined;

export type MysqlHelperOptions<S extends MysqlSsl = MysqlSsl> = AuthTokenProviderOptions & {
  database?: string;
  /** TLS options merged over `{ rejectUnauthorized: true }`, `true` for those defaults, or "Amazon RDS" (mysql2's profile). */
  ssl?: S;
};

/** mysql2's auth plugin shape: ({ connection, command }) => (pluginData) => answer. */
type ClearPasswordPlugin = (context?: unknown) => (pluginData?: unknown) => Promise<string>;

/** Config for `mysql.createPool(...)` / `createConnection(...)`. */
export interface Mysql2Options<S extends MysqlSsl = MysqlSsl> {
  host: string;
  port: number;
  user: string;
  database?: string;
  ssl: DriverSsl<S>;
  authPlugins: { mysql_clear_password: ClearPasswordPlugin };
}

/**
 * The clear-password plugin that sends a fresh token per login: the token
 * and a NUL byte (mysql2 turns the string into UTF-8 bytes; a token is ASCII).
 * mysql2 hands it the login's command, which reports the server's verdict
 * as an `error` event: a refusal (1045) of this token forces a fresh one.
 */
export function clearPasswordPlugin(provider: AuthTokenProvider): ClearPasswordPlugin {
  const core = coreOf(provider);
  return (context) => async () => {
    const token = await provider();
    const command = (context as { command?: { once?: unknown } } | null | undefined)?.command;
    if (command && typeof command.once === "function") {
      command.once("error", (error: unknown) => core.loginRefused(error, token));
    }
    return `${token}\0`;
  };
}

/** mysql2: `mysql.createPool({ ...mysql2Options({ hostname, port, username }), connectionLimit: 10 })`. */
export function mysql2Options<const S extends MysqlSsl = undefined>(options: MysqlHelperOptions<S>): Mysql2Options<S> {
  const { provider, core, extra } = make<{ database?: unknown; ssl?: unknown }>(options, ["database", "ssl"], {
    port: DEFAULTS.mysqlPort,
  });
  const db = database(extra.database);
  const config: Mysql2Options<S> = {
    host: core.where.hostname,
    port: core.where.port!,
    user: core.where.username!,
    ...(db === undefined ? {} : { database: db }),
    ssl: tls(extra.ssl, { offAllowed: false, profileAllowed: true }) as Mysql2Options<S>["ssl"],
    authPlugins: { mysql_clear_password: clearPasswordPlugin(provider) },
  };
  return withProvider(config, provider);
}
