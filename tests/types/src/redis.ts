// ioredis: attach() takes a client and a Cluster.
import { Cluster, Redis } from "ioredis";
import { createClient } from "redis";
import { redisOptions } from "rds-iam-edge";

const auth = redisOptions({ hostname: "my-cache", username: "app-user", region: "us-east-1" });
const single: Promise<Redis> = auth.attach(new Redis({ host: "my-cache-abc.serverless.use1.cache.amazonaws.com", tls: {}, lazyConnect: true }));
const cluster: Promise<Cluster> = auth.attach(new Cluster([{ host: "clustercfg.my-cache.abc.use1.cache.amazonaws.com", port: 6379 }], {
  lazyConnect: true,
  dnsLookup: (address, callback) => callback(null, address),
  redisOptions: { tls: {} },
}));
const nodeRedis = createClient({ socket: { host: "my-cache-abc.serverless.use1.cache.amazonaws.com", port: 6379, tls: true }, ...auth });

export { single, cluster, nodeRedis };
