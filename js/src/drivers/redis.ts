// ElastiCache / MemoryDB IAM auth for node-redis and ioredis. The token's
// "hostname" is the cache (or cluster) name and its user the IAM-enabled
// user id; the client connects to the endpoint the caller gives it.
// ElastiCache drops IAM connections after 12 hours: both clients reconnect
// and, through these hooks, send a fresh token each time.

import { RdsIamError } from "../errors.js";
import * as DEFAULTS from "../defaults.js";
import type { AuthTokenProviderOptions } from "../options.js";
import type { AuthTokenProvider } from "../provider.js";
import { redacted } from "../redact.js";
import { make } from "./common.js";

export type RedisHelperOptions = Omit<AuthTokenProviderOptions, "service" | "port" | "admin"> & {
  /** Default "elasticache". */
  service?: "elasticache" | "memorydb";
};

/** node-redis's async credentials provider shape. */
export interface RedisCredentialsProvider {
  readonly type: "async-credentials-provider";
  credentials(): Promise<{ username: string; password: string }>;
}

/** An ioredis client, as far as attach() needs it. */
export interface IoredisLike {
  options: { username?: string | undefined; password?: string | undefined };
}

/** An ioredis Cluster, as far as attach() needs it. */
export interface IoredisClusterLike {
  readonly isCluster: boolean;
  status: string;
  options: { lazyConnect?: boolean | undefined; shardedSubscribers?: boolean | undefined };
  nodes(role?: "all" | "master" | "slave"): IoredisLike[];
  on(event: "+node", listener: (node: IoredisLike) => void): unknown;
}

function isCluster(client: object): client is IoredisClusterLike {
  return (client as { isCluster?: unknown }).isCluster === true && typeof (client as { nodes?: unknown }).nodes === "function";
}

type Duplicable = IoredisLike & { duplicate?: (override?: Record<string, unknown>) => IoredisLike };

/**
 * Makes one connection's options yield the current token whenever ioredis
 * (re)connects it, and its duplicates' too (a Cluster asks each node for
 * its slots through a lazy duplicate, which a spread of the options would
 * leave without the token).
 */
function hook(client: Duplicable, username: string, provider: AuthTokenProvider): void {
  Object.defineProperty(client.options, "username", { value: username, writable: true, enumerable: true, configurable: true });
  // Not enumerable: JSON.stringify and spreads never copy a token.
  Object.defineProperty(client.options, "password", { get: () => provider.sync(), enumerable: false, configurable: true });
  const duplicate = client.duplicate;
  if (typeof duplicate !== "function") return;
  Object.defineProperty(client, "duplicate", {
    value(this: Duplicable, override?: Record<string, unknown>) {
      const copy = duplicate.call(this, override);
      if (override?.password === undefined) hook(copy, username, provider);
      return copy;
    },
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

export class RedisAuth {
  /** The IAM-enabled user id (node-redis takes it from credentialsProvider). */
  readonly username: string;
  /** node-redis: `createClient({ socket: { host, port, tls: true }, ...auth })`; asked on every (re)connect. */
  readonly credentialsProvider: RedisCredentialsProvider;
  readonly #provider: AuthTokenProvider;

  /** Use redisOptions(). */
  constructor(provider: AuthTokenProvider, username: string, cacheName: string) {
    this.#provider = provider;
    this.username = username;
    redacted(this, "RedisAuth", () => ({ cacheName, username }));
    const credentials = async () => ({ username, password: await provider() });
    this.credentialsProvider = { type: "async-credentials-provider", credentials };
  }

  /** The token provider behind both hooks (stats, invalidate, close). */
  get provider(): AuthTokenProvider {
    return this.#provider;
  }

  /**
   * ioredis has no async password hook; it reads `client.options.password`
   * each time it (re)connects. This waits for a first token, then makes
   * that property yield the current token (`provider.sync()`) on every
   * read. Create the client with `lazyConnect: true`; its `duplicate()`s
   * get the hook too (create those lazy as well).
   *
   * A `Cluster` (also `lazyConnect: true`): every node connection ioredis
   * makes, now or later, gets the same hook as it is created, so each
   * node's connection AUTHs with the token current when it (re)connects;
   * pub/sub subscriber connections copy the token of the node they are
   * made from. `shardedSubscribers: true` is refused (its connections copy
   * options no hook can reach).
   */
  async attach<T extends IoredisLike | IoredisClusterLike>(client: T): Promise<T> {
    if (typeof client !== "object" || client === null || typeof client.options !== "object" || client.options === null) {
      throw new RdsIamError("INVALID_INPUT", "must be an ioredis client or Cluster", "client");
    }
    if (isCluster(client)) {
      if (client.options.shardedSubscribers) {
        throw new RdsIamError("INVALID_INPUT", "is a Cluster with shardedSubscribers: their connections cannot take a fresh token", "client");
      }
      if (client.status !== "wait") {
        throw new RdsIamError("INVALID_INPUT", "is a Cluster that already connects: create it with lazyConnect: true, attach, then connect", "client");
      }
    }
    await this.#provider();
    const provider = this.#provider;
    if (isCluster(client)) {
      for (const node of client.nodes("all")) hook(node, this.username, provider);
      client.on("+node", (node) => hook(node, this.username, provider));
    } else {
      hook(client, this.username, provider);
    }
    return client;
  }
}

/** ElastiCache / MemoryDB auth for node-redis (spread it) and ioredis (attach()). */
export function redisOptions(options: RedisHelperOptions): RedisAuth {
  const service = (options as { service?: unknown } | null)?.service;
  if (service !== undefined && service !== "elasticache" && service !== "memorydb") {
    throw new RdsIamError("INVALID_SERVICE", "must be elasticache or memorydb", "service");
  }
  const { provider, core } = make(options, [], { service: DEFAULTS.redisService });
  return new RedisAuth(provider, core.where.username!, core.where.hostname);
}
