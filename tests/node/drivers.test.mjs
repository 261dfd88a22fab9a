// Each driver helper against its real driver: the client objects are built
// (never connected) from our config, and the driver's own password hook is
// made to yield a token. Real logins are the end-to-end tests' job.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, test } from "node:test";

import { AKID, CREDS, cjs, manualClock, rds, settle } from "./wrapper-support.mjs";

const require = createRequire(import.meta.url);
const pg = require("pg");
const postgres = require("postgres");
const mysql = require("mysql2");
const knex = require("knex");
const { Redis, Cluster } = require("ioredis");
const { createClient } = require("redis");

const { pgConfig, postgresJsOptions, mysql2Options, knexConnection, redisOptions, inspectToken, TokenCache, RdsIamError } = cjs;

// A connector that never touches the network: ioredis builds its AUTH
// arguments from client.options before asking the connector for a socket.
class NoNetwork {
  connect() {
    return Promise.reject(new Error("no network in tests"));
  }
  disconnect() {}
  check() {
    return true;
  }
}

const CA = "-----BEGIN CERTIFICATE-----\nnot a real bundle\n-----END CERTIFICATE-----\n";

/** Checks `token` is an RDS token for the host, port and user. */
function assertRdsToken(token, { hostname, port, username }) {
  const info = inspectToken(token);
  assert.equal(info.service, "rds");
  assert.equal(info.hostname, hostname);
  assert.equal(info.port, port);
  assert.equal(info.username, username);
  assert.equal(info.accessKeyId, AKID);
}

const PROXY = "app-proxy.proxy-abc123.us-east-1.rds.amazonaws.com";

describe("node-postgres", () => {
  test("Pool and Client accept pgConfig; pg's password hook yields a token", async () => {
    const config = pgConfig(rds({ database: "app", ssl: { ca: CA }, cache: new TokenCache() }));
    assert.deepEqual({ ...config, password: typeof config.password }, {
      host: "db.cluster-abc.us-east-1.rds.amazonaws.com", port: 5432, user: "app_user", database: "app",
      ssl: { rejectUnauthorized: true, ca: CA }, password: "function",
    });
    const pool = new pg.Pool({ ...config, max: 4 });
    assert.equal(pool.options.password, config.password);
    assertRdsToken(await pool.options.password(), rds());
    await pool.end();

    const client = new pg.Client(config);
    assert.equal(typeof client._getPassword, "function", "pg still resolves function passwords in _getPassword");
    await new Promise((resolve) => client._getPassword(resolve)); // what pg runs at each login
    assertRdsToken(client.password, rds());
  });

  test("the port defaults to 5432; RDS Proxy is the same helper with the proxy endpoint", async () => {
    const config = pgConfig({ hostname: PROXY, username: "app_user", region: "us-east-1", credentials: CREDS, cache: new TokenCache() });
    assert.equal(config.port, 5432);
    assert.equal(config.host, PROXY);
    assertRdsToken(await config.password(), { hostname: PROXY, port: 5432, username: "app_user" });
  });

  test("ssl: false is allowed (local stand-ins); other values are checked", () => {
    assert.equal(pgConfig(rds({ ssl: false, cache: new TokenCache() })).ssl, false);
    assert.throws(() => pgConfig(rds({ ssl: "require" })), (e) => e instanceof RdsIamError && e.field === "ssl");
    assert.throws(() => pgConfig(rds({ database: 5 })), (e) => e.field === "database");
    assert.throws(() => pgConfig(rds({ max: 5 })), (e) => e.code === "INVALID_INPUT" && e.field === "max");
  });
});

describe("TLS as the drivers' users write it", () => {
  test("pg: ssl: true is TLS verifying the server, as pg itself reads it", () => {
    const config = pgConfig(rds({ ssl: true, cache: new TokenCache() }));
    assert.deepEqual(config.ssl, { rejectUnauthorized: true });
    const client = new pg.Client(config);
    assert.deepEqual(client.connectionParameters.ssl, { rejectUnauthorized: true });
    assert.deepEqual(postgresJsOptions(rds({ ssl: true, cache: new TokenCache() })).ssl, { rejectUnauthorized: true });
  });

  test('mysql2: its "Amazon RDS" profile, resolved by mysql2 to its RDS CA bundle, verifying', async () => {
    const options = mysql2Options(rds({ port: 3306, ssl: "Amazon RDS", cache: new TokenCache() }));
    assert.equal(options.ssl, "Amazon RDS");
    const pool = mysql.createPool({ ...options, connectionLimit: 1 });
    const ssl = pool.config.connectionConfig.ssl;
    assert.ok(Array.isArray(ssl.ca) && ssl.ca.length > 10 && ssl.ca.every((pem) => pem.includes("BEGIN CERTIFICATE")));
    assert.equal(ssl.rejectUnauthorized, true);
    await new Promise((resolve) => pool.end(resolve));
    assert.deepEqual(mysql2Options(rds({ port: 3306, ssl: true, cache: new TokenCache() })).ssl, { rejectUnauthorized: true });
    for (const ssl of ["Amazon Aurora", "amazon rds", false]) {
      assert.throws(() => mysql2Options(rds({ port: 3306, ssl })), (e) => e.code === "INVALID_INPUT" && e.field === "ssl");
    }
  });

  test('knex: "Amazon RDS" for mysql2 only; true for both', async () => {
    const settings = await knexConnection(rds({ client: "mysql2", port: undefined, ssl: "Amazon RDS", cache: new TokenCache() }))();
    assert.equal(settings.ssl, "Amazon RDS");
    assert.deepEqual((await knexConnection(rds({ client: "pg", ssl: true, cache: new TokenCache() }))()).ssl, { rejectUnauthorized: true });
    assert.throws(() => knexConnection(rds({ client: "pg", ssl: "Amazon RDS" })), (e) => e.field === "ssl");
  });
});

describe("postgres.js", () => {
  test("postgres() accepts postgresJsOptions and keeps the password function", async () => {
    const options = postgresJsOptions(rds({ database: "app", cache: new TokenCache() }));
    const sql = postgres({ ...options, max: 2 });
    assert.deepEqual(sql.options.host, ["db.cluster-abc.us-east-1.rds.amazonaws.com"]);
    assert.deepEqual(sql.options.port, [5432]);
    assert.equal(sql.options.user, "app_user");
    assert.equal(sql.options.database, "app");
    assert.equal(typeof sql.options.pass, "function");
    assertRdsToken(await sql.options.pass(), rds());
    await sql.end();
  });
});

describe("mysql2", () => {
  test("createPool accepts mysql2Options silently; the clear-password plugin sends token + NUL", async (t) => {
    const warnings = [];
    t.mock.method(console, "error", (...args) => warnings.push(args.join(" ")));
    t.mock.method(console, "warn", (...args) => warnings.push(args.join(" ")));
    const options = mysql2Options(rds({ port: 3306, database: "app", ssl: { ca: CA }, cache: new TokenCache() }));
    const pool = mysql.createPool({ ...options, connectionLimit: 4 });
    assert.deepEqual(warnings, [], "mysql2 warns about unknown options");
    const cc = pool.config.connectionConfig;
    assert.equal(cc.host, "db.cluster-abc.us-east-1.rds.amazonaws.com");
    assert.equal(cc.port, 3306);
    assert.equal(cc.user, "app_user");
    assert.equal(cc.ssl.rejectUnauthorized, true);
    assert.equal(cc.ssl.ca, CA);
    // What mysql2 does on the server's auth switch: plugin({connection, command}) then (pluginData).
    const plugin = cc.authPlugins.mysql_clear_password({ connection: { config: cc }, command: {} });
    const answer = await plugin(Buffer.alloc(0));
    // ...and mysql2 writes the answer as Buffer.from(answer) (AuthSwitchResponse).
    const bytes = Buffer.from(answer);
    assert.equal(bytes.at(-1), 0, "ends with NUL");
    assert.equal(bytes.indexOf(0), bytes.length - 1, "one NUL, at the end");
    assertRdsToken(bytes.subarray(0, -1).toString("utf8"), { ...rds(), port: 3306 });
    assert.equal(options.provider.stats().signings, 1);
    await new Promise((resolve) => pool.end(resolve));
  });

  test("the port defaults to 3306; TLS cannot be turned off", () => {
    assert.equal(mysql2Options(rds({ port: undefined, cache: new TokenCache() })).port, 3306);
    assert.throws(() => mysql2Options(rds({ port: 3306, ssl: false })), (e) => e.code === "INVALID_INPUT" && e.field === "ssl");
  });
});

describe("knex", () => {
  test("knex (pg) takes the async connection; settings carry a token and an expiration checker", async () => {
    const c = manualClock();
    const connection = knexConnection(rds({ client: "pg", database: "app", clock: c.clock, cache: new TokenCache() }));
    const db = knex({ client: "pg", connection });
    assert.equal(db.client.connectionConfigProvider, connection);
    const settings = await connection();
    assertRdsToken(settings.password, rds());
    assert.equal(settings.host, "db.cluster-abc.us-east-1.rds.amazonaws.com");
    assert.equal(settings.database, "app");
    assert.equal(settings.authPlugins, undefined);
    assert.equal(settings.expirationChecker(), false);
    c.advance(14 * 60_000 - 1);
    assert.equal(settings.expirationChecker(), false);
    c.advance(1); // 900 s - 60 s margin
    assert.equal(settings.expirationChecker(), true);
    const next = await connection();
    assert.notEqual(next.password, settings.password);
    assert.equal(next.expirationChecker(), false);
    await db.destroy();
  });

  test("knex (mysql2) settings carry the clear-password plugin", async () => {
    const connection = knexConnection(rds({ client: "mysql2", port: undefined, cache: new TokenCache() }));
    const db = knex({ client: "mysql2", connection });
    const settings = await connection();
    assert.equal(settings.port, 3306);
    const answer = await settings.authPlugins.mysql_clear_password({})();
    assert.equal(answer, `${settings.password}\0`);
    assert.throws(() => knexConnection(rds({ client: "mysql2", ssl: false })), (e) => e.field === "ssl");
    assert.throws(() => knexConnection(rds({ client: "oracledb" })), (e) => e.code === "INVALID_INPUT" && e.field === "client");
    await db.destroy();
  });
});

describe("redis clients (ElastiCache / MemoryDB)", () => {
  const cacheOptions = (extra = {}) => ({ hostname: "my-cache", username: "app-user", region: "us-east-1", credentials: CREDS, cache: new TokenCache(), ...extra });

  function assertCacheToken(token, service = "elasticache", serverless = false) {
    const info = inspectToken(token);
    assert.equal(info.service, service);
    assert.equal(info.hostname, "my-cache");
    assert.equal(info.username, "app-user");
    assert.equal(info.serverless, serverless);
  }

  test("node-redis: createClient takes the credentials provider, asked on every (re)connect", async () => {
    const auth = redisOptions(cacheOptions({ serverless: true }));
    assert.deepEqual(Object.keys({ ...auth }).sort(), ["credentialsProvider", "username"]);
    const client = createClient({ socket: { host: "my-cache-abc.serverless.use1.cache.amazonaws.com", port: 6379, tls: true }, ...auth });
    const cp = client.options.credentialsProvider;
    assert.equal(cp.type, "async-credentials-provider");
    const { username, password } = await cp.credentials();
    assert.equal(username, "app-user");
    assertCacheToken(password, "elasticache", true);
  });

  test("ioredis: attach() makes every connect send the current token", async () => {
    const c = manualClock();
    const auth = redisOptions(cacheOptions({ service: "memorydb", clock: c.clock }));
    const redis = new Redis({ host: "clustercfg.my-cache.abc.memorydb.us-east-1.amazonaws.com", port: 6379, tls: {}, lazyConnect: true, Connector: NoNetwork, retryStrategy: () => null });
    redis.on("error", () => {});
    assert.equal(await auth.attach(redis), redis);
    await redis.connect().catch(() => {});
    const [user, first] = redis.condition.auth;
    assert.equal(user, "app-user");
    assertCacheToken(first, "memorydb");
    assert.ok(!JSON.stringify(redis.options).includes(first), "the token is not enumerable on the client's options");

    c.advance(15 * 60_000); // past the first token's usable end
    await redis.connect().catch(() => {});
    const [, second] = redis.condition.auth;
    assertCacheToken(second, "memorydb");
    assert.notEqual(second, first);
    redis.disconnect();
  });

  test("ioredis Cluster: every connection to a node, first or later, AUTHs with the current token", async () => {
    const c = manualClock();
    // Records what each connection would AUTH with (ioredis reads the options
    // into its AUTH arguments right before asking the connector for a socket).
    const attempts = [];
    class Recording extends NoNetwork {
      constructor(options) {
        super();
        this.options = options;
      }
      connect() {
        attempts.push({ host: this.options.host, user: this.options.username, password: this.options.password, name: this.options.connectionName });
        return super.connect();
      }
    }
    const auth = redisOptions(cacheOptions({ clock: c.clock }));
    const cluster = new Cluster(
      // Addresses, not names: ioredis resolves startup hostnames before anything else.
      [{ host: "10.0.0.1", port: 6379 }, { host: "10.0.0.2", port: 6379 }],
      { lazyConnect: true, clusterRetryStrategy: () => null, redisOptions: { tls: {}, Connector: Recording, connectionName: "app" } },
    );
    cluster.on("error", () => {});
    const nodes = [];
    cluster.on("+node", (node) => {
      node.on("error", () => {});
      nodes.push(node);
    });
    assert.equal(await auth.attach(cluster), cluster);
    await cluster.connect().catch(() => {});
    assert.deepEqual(nodes.map((n) => n.options.host).sort(), ["10.0.0.1", "10.0.0.2"]);
    // ioredis asked each startup node for its slots, through a duplicate of the node's connection.
    assert.deepEqual(attempts.map((a) => a.host).sort(), ["10.0.0.1", "10.0.0.2"]);
    for (const a of attempts) {
      assert.equal(a.user, "app-user");
      assertCacheToken(a.password);
    }
    const first = attempts[0].password;
    assert.equal(attempts[1].password, first, "one cached token while it is usable");
    for (const node of nodes) assert.ok(!JSON.stringify(node.options).includes(first), "the token is not enumerable on a node's options");

    c.advance(15 * 60_000); // past the first token's usable end
    attempts.length = 0;
    await nodes[0].connect().catch(() => {}); // a node's own connection
    await cluster.connect().catch(() => {}); // the cluster again: new node connections
    assert.ok(attempts.length >= 3, `attempts: ${attempts.length}`);
    const second = attempts[0].password;
    assertCacheToken(second);
    assert.notEqual(second, first);
    for (const a of attempts) assert.deepEqual([a.user, a.password], ["app-user", second], a.host);
    cluster.disconnect();
  });

  test("ioredis Cluster: refused when already connecting or with sharded subscribers", async () => {
    const auth = redisOptions(cacheOptions());
    const eager = new Cluster([{ host: "10.0.0.1", port: 6379 }], { clusterRetryStrategy: () => null, redisOptions: { Connector: NoNetwork } });
    eager.on("error", () => {});
    await assert.rejects(auth.attach(eager), (e) => e.code === "INVALID_INPUT" && e.field === "client" && /lazyConnect/.test(e.message));
    eager.disconnect();
    const sharded = new Cluster([{ host: "10.0.0.1", port: 6379 }], { lazyConnect: true, shardedSubscribers: true, redisOptions: { Connector: NoNetwork } });
    await assert.rejects(auth.attach(sharded), (e) => e.code === "INVALID_INPUT" && e.field === "client" && /shardedSubscribers/.test(e.message));
    sharded.disconnect();
  });

  test("ElastiCache: the user id is sent as the core signs it (lower case); MemoryDB's as given", async () => {
    const elasticache = redisOptions(cacheOptions({ hostname: "My-Cache", username: "App-User" }));
    assert.equal(elasticache.username, "app-user");
    const sent = await elasticache.credentialsProvider.credentials();
    assert.equal(sent.username, "app-user");
    assert.equal(inspectToken(sent.password).username, "app-user");
    const redis = new Redis({ host: "10.0.0.9", port: 6379, lazyConnect: true, Connector: NoNetwork, retryStrategy: () => null });
    redis.on("error", () => {});
    await elasticache.attach(redis);
    assert.equal(redis.options.username, "app-user");
    redis.disconnect();
    const memorydb = redisOptions(cacheOptions({ service: "memorydb", hostname: "My-Cluster", username: "App-User" }));
    assert.equal(memorydb.username, "App-User");
    assert.equal(inspectToken((await memorydb.credentialsProvider.credentials()).password).username, "App-User");
  });

  test("only elasticache and memorydb; attach() wants a client", async () => {
    assert.throws(() => redisOptions(cacheOptions({ service: "rds" })), (e) => e.code === "INVALID_SERVICE");
    assert.throws(() => redisOptions(cacheOptions({ port: 6379 })), (e) => e.field === "port");
    await assert.rejects(redisOptions(cacheOptions()).attach({}), (e) => e.field === "client");
  });
});
