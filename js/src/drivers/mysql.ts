// mysql2: RDS MySQL/MariaDB IAM logins switch to mysql_clear_password,
// which mysql2 only allows through a custom auth plugin; ours answers with
// the token followed by a NUL byte. Clear text: TLS is required.

import { DEFAULTS } from "../options.js";
import type { AuthTokenProviderOptions } from "../options.js";
import { coreOf, type AuthTokenProvider } from "../provider.js";
import { database, make, tls, withProvider, type DatabaseOptions, type TlsOptions } from "./common.js";

export type MysqlHelperOptions = AuthTokenProviderOptions & { database?: string; ssl?: TlsOptions };

/** mysql2's auth plugin shape: ({ connection, command }) => (pluginData) => answer. */
type ClearPasswordPlugin = (context?: unknown) => (pluginData?: unknown) => Promise<string>;

/** Config for `mysql.createPool(...)` / `createConnection(...)`. */
export interface Mysql2Options {
  host: string;
  port: number;
  user: string;
  database?: string;
  ssl: TlsOptions;
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
export function mysql2Options(options: MysqlHelperOptions): Mysql2Options {
  const { provider, core, extra } = make<DatabaseOptions & Record<string, unknown>>(options, ["database", "ssl"], {
    port: DEFAULTS.mysqlPort,
  });
  const db = database(extra.database);
  const config: Mysql2Options = {
    host: core.where.hostname,
    port: core.where.port!,
    user: core.where.username!,
    ...(db === undefined ? {} : { database: db }),
    ssl: tls(extra.ssl, false) as TlsOptions,
    authPlugins: { mysql_clear_password: clearPasswordPlugin(provider) },
  };
  return withProvider(config, provider);
}
