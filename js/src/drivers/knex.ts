// knex: `connection` may be an async function returning the settings and an
// `expirationChecker`; knex asks again once that says the settings expired.

import { RdsIamError } from "../errors.js";
import * as DEFAULTS from "../defaults.js";
import type { AuthTokenProviderOptions } from "../options.js";
import { database, make, tls, withProvider, type DriverSsl, type SslOption } from "./common.js";
import { redacted } from "../redact.js";
import { clearPasswordPlugin } from "./mysql.js";

/** knex's client names this helper knows. */
const CLIENTS = { pg: "postgres", postgres: "postgres", postgresql: "postgres", mysql2: "mysql" } as const;
export type KnexClient = keyof typeof CLIENTS;

export type KnexHelperOptions<S extends SslOption | undefined = SslOption | undefined> = AuthTokenProviderOptions & {
  /** The same `client` as in the knex config. */
  client: KnexClient;
  database?: string;
  /** As pgConfig's (pg clients: `false` turns TLS off) and mysql2Options' (mysql2: the "Amazon RDS" profile). */
  ssl?: S;
};

export interface KnexConnectionSettings<S extends SslOption | undefined = SslOption | undefined> {
  host: string;
  port: number;
  user: string;
  password: string;
  database?: string;
  ssl: DriverSsl<S>;
  authPlugins?: Record<string, unknown>;
  expirationChecker: () => boolean;
}

/** knex: `knex({ client: "pg", connection: knexConnection({ client: "pg", hostname, port, username }) })`. */
export function knexConnection<const S extends SslOption | undefined = undefined>(options: KnexHelperOptions<S>): () => Promise<KnexConnectionSettings<S>> {
  const raw = options as unknown as Record<string, unknown> | null;
  const client = typeof raw === "object" && raw !== null ? raw.client : undefined;
  if (typeof client !== "string" || !Object.hasOwn(CLIENTS, client)) {
    throw new RdsIamError("INVALID_INPUT", "must be one of pg, postgres, postgresql, mysql2", "client");
  }
  const family = CLIENTS[client as KnexClient];
  const { provider, core, extra } = make<{ client: unknown; database?: unknown; ssl?: unknown }>(
    options,
    ["client", "database", "ssl"],
    { port: family === "mysql" ? DEFAULTS.mysqlPort : DEFAULTS.postgresPort },
  );
  const db = database(extra.database);
  const ssl = tls(extra.ssl, { offAllowed: family === "postgres", profileAllowed: family === "mysql" }) as KnexConnectionSettings<S>["ssl"];
  const plugins = family === "mysql" ? { authPlugins: { mysql_clear_password: clearPasswordPlugin(provider) } } : {};
  const connection = async (): Promise<KnexConnectionSettings<S>> => {
    const password = await provider();
    // knex asks for fresh settings once this token is past its usable end
    // (at once if a background refresh already replaced it).
    const entry = core.current();
    const until = entry?.token === password ? entry.usableUntil : -Infinity;
    const settings: KnexConnectionSettings<S> = {
      host: core.where.hostname,
      port: core.where.port!,
      user: core.where.username!,
      password,
      ...(db === undefined ? {} : { database: db }),
      ssl,
      ...plugins,
      expirationChecker: () => core.clock() >= until,
    };
    // The settings hold a token: print them without it.
    return redacted(settings, "KnexConnectionSettings", () => ({
      host: settings.host,
      port: settings.port,
      user: settings.user,
      password: "[redacted]",
      database: settings.database,
    }));
  };
  return withProvider(connection, provider);
}
