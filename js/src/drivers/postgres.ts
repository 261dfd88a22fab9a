// node-postgres (`pg`) and postgres.js: both call a function `password`
// for every new physical connection, which is where the token goes.

import { DEFAULTS } from "../options.js";
import type { AuthTokenProviderOptions } from "../options.js";
import type { AuthTokenProvider } from "../provider.js";
import { database, make, tls, type DatabaseOptions, type TlsOptions } from "./common.js";

export type PostgresHelperOptions = AuthTokenProviderOptions & DatabaseOptions;

/** Config for `new pg.Pool(...)` / `new pg.Client(...)`. */
export interface PgConfig {
  host: string;
  port: number;
  user: string;
  database?: string;
  ssl: TlsOptions | false;
  /** Called by pg for each new connection; also the provider (stats, close). */
  password: AuthTokenProvider;
}

function base(options: PostgresHelperOptions) {
  const { provider, core, extra } = make<DatabaseOptions & Record<string, unknown>>(options, ["database", "ssl"], {
    port: DEFAULTS.postgresPort,
  });
  const db = database(extra.database);
  return {
    host: core.where.hostname,
    port: core.where.port!,
    user: core.where.username!,
    ...(db === undefined ? {} : { database: db }),
    ssl: tls(extra.ssl, true),
    password: provider,
  };
}

/** node-postgres: `new Pool({ ...pgConfig({ hostname, port, username }), max: 10 })`. */
export function pgConfig(options: PostgresHelperOptions): PgConfig {
  return base(options);
}

/** Options for postgres.js: `postgres(postgresJsOptions({ hostname, port, username }))`. */
export function postgresJsOptions(options: PostgresHelperOptions): PgConfig {
  return base(options);
}
