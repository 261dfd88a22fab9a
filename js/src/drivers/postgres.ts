// node-postgres (`pg`) and postgres.js: both call a function `password`
// for every new physical connection, which is where the token goes.

import { RdsIamError } from "../errors.js";
import * as DEFAULTS from "../defaults.js";
import type { AuthTokenProviderOptions } from "../options.js";
import { coreOf, type AuthTokenProvider, type ProviderCore } from "../provider.js";
import { database, make, tls, type DatabaseOptions, type DriverSsl, type TlsOptions } from "./common.js";

/** What pg's and postgres.js's `ssl` takes here. */
export type PostgresSsl = TlsOptions | boolean | undefined;

export type PostgresHelperOptions<S extends PostgresSsl = PostgresSsl> = AuthTokenProviderOptions & DatabaseOptions<S>;

/** Config for `new pg.Pool(...)` / `new pg.Client(...)`. */
export interface PgConfig<S extends PostgresSsl = PostgresSsl> {
  host: string;
  port: number;
  user: string;
  database?: string;
  ssl: DriverSsl<S>;
  /** Called by pg for each new connection; also the provider (stats, close). */
  password: AuthTokenProvider;
}

function base<S extends PostgresSsl>(options: PostgresHelperOptions<S>): PgConfig<S> {
  const { provider, core, extra } = make<DatabaseOptions & Record<string, unknown>>(options, ["database", "ssl"], {
    port: DEFAULTS.postgresPort,
  });
  const db = database(extra.database);
  return {
    host: core.where.hostname,
    port: core.where.port!,
    user: core.where.username!,
    ...(db === undefined ? {} : { database: db }),
    ssl: tls(extra.ssl, { offAllowed: true, profileAllowed: false }) as DriverSsl<S>,
    password: provider,
  };
}

/** node-postgres: `new Pool({ ...pgConfig({ hostname, port, username }), max: 10 })`. */
export function pgConfig<const S extends PostgresSsl = undefined>(options: PostgresHelperOptions<S>): PgConfig<S> {
  return base(options);
}

/** Options for postgres.js: `postgres(postgresJsOptions({ hostname, port, username }))`. */
export function postgresJsOptions<const S extends PostgresSsl = undefined>(options: PostgresHelperOptions<S>): PgConfig<S> {
  return base(options);
}

/** What pgPool needs of the `pg` module (`typeof import("pg")` fits). */
export interface PgModule<P> {
  Pool: new (config: never) => P;
  Client: new (config: never) => unknown;
}

/** A pg Pool config holding pgConfig's provider as `password` (pg's own `PoolConfig` type fits). */
export interface PgPoolConfig {
  password?: unknown;
  Client?: unknown;
}

type ClientClass = new (...args: any[]) => { connect(callback?: (error?: unknown) => void): unknown; password?: unknown };

/**
 * pg's Client, reporting a refused login of the token it sent: pg calls
 * `connect(callback)` for every pool connection and keeps the token it was
 * given in `password`.
 */
function recoveringClient(Base: ClientClass, core: ProviderCore): ClientClass {
  return class RdsIamClient extends Base {
    override connect(callback?: (error?: unknown, ...rest: unknown[]) => void): unknown {
      const seen = (error: unknown) => {
        if (error) core.loginRefused(error, typeof this.password === "string" ? this.password : undefined);
      };
      if (typeof callback === "function") {
        return super.connect((error?: unknown, ...rest: unknown[]) => {
          seen(error);
          callback(error, ...rest);
        });
      }
      return (super.connect() as Promise<unknown>).catch((error: unknown) => {
        seen(error);
        throw error;
      });
    }
  };
}

/**
 * A node-postgres Pool that sees refused logins: `pgPool(pg, { ...pgConfig(options), max: 10 })`.
 * A refusal (28P01/28000) of the current token drops it, so the next
 * connection gets one fresh token (at most once per key every 10 s). Also
 * knex's `connectionPool`.
 */
export function pgPool<P, C extends PgPoolConfig>(pg: PgModule<P>, config: C): P {
  if ((typeof pg !== "object" && typeof pg !== "function") || pg === null || typeof pg.Pool !== "function" || typeof pg.Client !== "function") {
    throw new RdsIamError("INVALID_INPUT", "must be the pg module (with Pool and Client)", "pg");
  }
  if (typeof config !== "object" || config === null) throw new RdsIamError("INVALID_INPUT", "must be an object", "config");
  let core: ProviderCore;
  try {
    core = coreOf(config.password as AuthTokenProvider);
  } catch {
    throw new RdsIamError("INVALID_INPUT", "must be the token provider from pgConfig", "password");
  }
  const Base = (config.Client ?? pg.Client) as ClientClass;
  if (typeof Base !== "function") throw new RdsIamError("INVALID_INPUT", "must be a pg Client class", "Client");
  return new (pg.Pool as new (config: object) => P)({ ...config, Client: recoveringClient(Base, core) });
}
