// No object of ours shows a secret, session token or token: util.inspect
// (shallow, deep, showHidden), JSON.stringify and String() of providers,
// signers, caches, credential sources and identities, driver configs,
// stats, events and errors.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { describe, test } from "node:test";

import { CREDS, SECRET, SESSION, assertClean, cjs, rds } from "./wrapper-support.mjs";

const { authTokenProvider, Signer, TokenCache, fromEnv, fromWorkersEnv, pgConfig, postgresJsOptions, mysql2Options, knexConnection, redisOptions } = cjs;

/** Every printout of `value` must be free of the secret markers and `tokens`. */
function assertRedacted(value, tokens, what) {
  const views = {
    inspect: inspect(value),
    "inspect deep": inspect(value, { depth: Infinity }),
    "inspect hidden": inspect(value, { depth: 4, showHidden: true, getters: false }),
    json: JSON.stringify(value) ?? "",
    string: typeof value === "object" || typeof value === "function" ? String(value) : "",
    template: `${value}`,
  };
  for (const [how, text] of Object.entries(views)) assertClean(assert, text, tokens, `${what} (${how})`);
}

describe("redaction", () => {
  test("authTokenProvider, its stats and the cache", async () => {
    const cache = new TokenCache();
    const events = [];
    const provider = authTokenProvider(rds({ cache, onEvent: (e) => events.push(e) }));
    const token = await provider();
    assert.ok(token.includes(encodeURIComponent(SESSION)), "the token holds the session token: it must not print");
    for (const [what, value] of [["provider", provider], ["stats", provider.stats()], ["cache", cache], ["events", events]]) {
      assertRedacted(value, [token], what);
    }
    assert.match(inspect(provider), /^AuthTokenProvider \{ service: "rds", hostname: "db\.cluster-abc/);
    assert.match(inspect(cache), /^TokenCache \{ size: 1, maxEntries: 1000 \}$/);
  });

  test("Signer, before and after it signs", async () => {
    const signer = new Signer({ hostname: "h.example.com", port: 5432, username: "u", region: "us-east-1", credentials: CREDS, cache: new TokenCache() });
    assertRedacted(signer, [], "Signer (fresh)");
    const token = await signer.getAuthToken();
    assertRedacted(signer, [token], "Signer (used)");
    assert.equal(inspect(signer), 'Signer { hostname: "h.example.com", port: 5432, username: "u", region: "us-east-1" }');
  });

  test("credential sources and the identities they give", async (t) => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, session: process.env.AWS_SESSION_TOKEN };
    t.after(() => {
      for (const [k, v] of [["AWS_ACCESS_KEY_ID", saved.id], ["AWS_SECRET_ACCESS_KEY", saved.secret], ["AWS_SESSION_TOKEN", saved.session]]) {
        v === undefined ? delete process.env[k] : (process.env[k] = v);
      }
    });
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: CREDS.accessKeyId, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: SESSION });
    const env = fromEnv();
    const fromProcess = await env();
    const fromWorker = fromWorkersEnv({ AWS_ACCESS_KEY_ID: CREDS.accessKeyId, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: SESSION });
    for (const [what, value] of [["fromEnv()", env], ["fromEnv identity", fromProcess], ["fromWorkersEnv identity", fromWorker]]) {
      assertRedacted(value, [], what);
    }
    assert.equal(inspect(fromWorker), `CredentialIdentity { accessKeyId: "${CREDS.accessKeyId}", secretAccessKey: "[redacted]", sessionToken: "[redacted]" }`);
    // ...yet they are usable identities
    assert.equal(fromWorker.secretAccessKey, SECRET);
  });

  test("driver configs", async () => {
    const cache = new TokenCache();
    const pg = pgConfig(rds({ cache }));
    const pgjs = postgresJsOptions(rds({ cache }));
    const my = mysql2Options(rds({ cache, port: 3306 }));
    const kx = knexConnection(rds({ cache, client: "pg" }));
    const settings = await kx();
    const redis = redisOptions({ hostname: "my-cache", username: "app", region: "us-east-1", credentials: CREDS, cache });
    const tokens = [await pg.password(), await my.provider(), settings.password, (await redis.credentialsProvider.credentials()).password];
    const objects = { pgConfig: pg, postgresJsOptions: pgjs, mysql2Options: my, knexConnection: kx, "knex settings": settings, redisOptions: redis, "redis spread": { ...redis } };
    for (const [what, value] of Object.entries(objects)) assertRedacted(value, tokens, what);
    assert.match(inspect(settings), /password: "\[redacted\]"/);
  });

  test("errors from a leaky credential provider", async () => {
    const provider = authTokenProvider(rds({ cache: new TokenCache(), credentials: async () => { throw Object.assign(new Error(SECRET), { secret: SECRET }); } }));
    const error = await provider().catch((e) => e);
    assertRedacted(error, [], "error");
    assertClean(assert, error.stack, [], "error stack");
  });
});
