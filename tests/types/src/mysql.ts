// mysql2 users: its "Amazon RDS" SSL profile, TLS options typed as
// node:tls's, and the helper's output spread into mysql2's own options.
import type { ConnectionOptions } from "node:tls";
import mysql, { type PoolOptions } from "mysql2/promise";
import knex from "knex";
import { knexConnection, mysql2Options } from "rds-iam-edge";

const db = { hostname: "db.cluster-abc.us-east-1.rds.amazonaws.com", username: "app_user" };
const tlsOptions: ConnectionOptions = { ca: "pem", rejectUnauthorized: true };

const profile: PoolOptions = { ...mysql2Options({ ...db, ssl: "Amazon RDS" }), connectionLimit: 10 };
// node:tls's type assigns to the helper (mysql2's own SslOptions is narrower than node's: its
// `pfx` is a string only, so a tls.ConnectionOptions never assigns to PoolOptions, with or without us).
const typed = mysql2Options({ ...db, ssl: tlsOptions });
const plain: PoolOptions = mysql2Options(db);
const pool = mysql.createPool({ ...mysql2Options({ ...db, ssl: { ca: "pem" } }), connectionLimit: 4 });
const orm = knex({ client: "mysql2", connection: knexConnection({ ...db, client: "mysql2", ssl: "Amazon RDS" }) });

// @ts-expect-error: mysql2 knows no other profile by name
mysql2Options({ ...db, ssl: "Amazon Aurora" });
// @ts-expect-error: IAM logins send the token in clear text: TLS cannot be off
mysql2Options({ ...db, ssl: false });

export { profile, typed, plain, pool, orm };
