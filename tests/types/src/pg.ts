// node-postgres users: `ssl: true`, TLS options typed as node:tls's, and
// pgPool over a config cast to pg's own PoolConfig.
import type { ConnectionOptions } from "node:tls";
import pg, { type PoolConfig } from "pg";
import postgres from "postgres";
import { pgConfig, pgPool, postgresJsOptions, type PgConfig, type PostgresHelperOptions } from "rds-iam-edge";

const db = { hostname: "db.cluster-abc.us-east-1.rds.amazonaws.com", port: 5432, username: "app_user" };

const tlsOptions: ConnectionOptions = { ca: "-----BEGIN CERTIFICATE-----", servername: db.hostname };
const viaTls = pgConfig({ ...db, ssl: tlsOptions });
const viaTrue = pgConfig({ ...db, ssl: true });
const viaCa = pgConfig({ ...db, ssl: { ca: "pem", minVersion: "TLSv1.2" } });

const pool: pg.Pool = new pg.Pool({ ...viaTls, max: 10 });
const client: pg.Client = new pg.Client(viaTrue);
const config: PoolConfig = { ...viaCa, max: 4 };
const recovering: pg.Pool = pgPool(pg, { ...pgConfig(db), max: 10 } as PoolConfig);
const recovering2: pg.Pool = pgPool(pg, config);
const sql = postgres(postgresJsOptions({ ...db, ssl: true }));

// The exported types, written out, take every ssl form.
const options: PostgresHelperOptions = { ...db, ssl: Math.random() > 0.5 ? false : { ca: "pem" } };
const annotated: PgConfig = pgConfig(options);
void annotated;

// @ts-expect-error: pg has no TLS profiles by name
pgConfig({ ...db, ssl: "require" });

export { pool, client, recovering, recovering2, sql };
