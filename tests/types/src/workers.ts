// A Cloudflare Worker's `env`, as `wrangler types` generates it: an
// interface (no index signature), holding secrets and bindings.
import { fromWorkersEnv, authTokenProvider, signToken } from "rds-iam-edge";

interface Hyperdrive {
  readonly connectionString: string;
  readonly host: string;
}

// Shape of worker-configuration.d.ts.
interface Env {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
  DB_HOST: "db.cluster-abc.us-east-1.rds.amazonaws.com";
  HYPERDRIVE: Hyperdrive;
}

export function handle(env: Env): string {
  const credentials = fromWorkersEnv(env);
  const provider = authTokenProvider({ hostname: env.DB_HOST, port: 5432, username: "app", credentials });
  void provider;
  return signToken({ hostname: env.DB_HOST, port: 5432, username: "app", credentials: fromWorkersEnv(env) });
}

// @ts-expect-error: not an env object
fromWorkersEnv("AWS_ACCESS_KEY_ID");
