// ElastiCache / MemoryDB IAM auth for node-redis and ioredis. The token's
// "hostname" is the cache (or cluster) name and its user the IAM-enabled
// user id; the client connects to the endpoint the caller gives it.
// ElastiCache drops IAM connections after 12 hours: both clients reconnect
// and, through these hooks, send a fresh token each time.

import { RdsIamError } from "../errors.js";
import { DEFAULTS } from "../options.js";
import type { AuthTokenProviderOptions } from "../options.js";
import type { AuthTokenProvider } from "../provider.js";
import { redactedClass } from "../redact.js";
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

export class RedisAuth {
  /** The IAM-enabled user id (node-redis takes it from credentialsProvider). */
  readonly username: string;
  /** node-redis: `createClient({ socket: { host, port, tls: true }, ...auth })`; asked on every (re)connect. */
  readonly credentialsProvider: RedisCredentialsProvider;
  readonly #provider: AuthTokenProvider;
  readonly #cacheName: string;

  /** Use redisOptions(). */
  constructor(provider: AuthTokenProvider, username: string, cacheName: string) {
    this.#provider = provider;
    this.#cacheName = cacheName;
    this.username = username;
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
   * read. Create the client with `lazyConnect: true`; attach duplicates too.
   */
  async attach<T extends IoredisLike>(client: T): Promise<T> {
    if (typeof client !== "object" || client === null || typeof client.options !== "object" || client.options === null) {
      throw new RdsIamError("INVALID_INPUT", "must be an ioredis client", "client");
    }
    await this.#provider();
    const provider = this.#provider;
    Object.defineProperty(client.options, "username", { value: this.username, writable: true, enumerable: true, configurable: true });
    // Not enumerable: JSON.stringify and spreads (ioredis duplicate()) never copy a token.
    Object.defineProperty(client.options, "password", { get: () => provider.sync(), enumerable: false, configurable: true });
    return client;
  }

  static {
    redactedClass(RedisAuth.prototype, "RedisAuth", (self: RedisAuth) => ({ cacheName: self.#cacheName, username: self.username }));
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
