// A scheduled Worker that signs a fresh IAM auth token and writes it into a
// Hyperdrive config's origin password through the Cloudflare API. The
// application Worker keeps using its Hyperdrive binding unchanged.
import { fromWorkersEnv, rotateHyperdrivePassword } from "rds-iam-edge";

function tokenOptions(env) {
  const common = { region: env.AWS_REGION, expiresIn: Number(env.TOKEN_EXPIRES_IN ?? 900), credentials: fromWorkersEnv(env) };
  return env.DB_SERVICE === "dsql"
    ? { service: "dsql", hostname: env.DB_HOST, admin: env.DB_USER === "admin", ...common }
    : { service: "rds", hostname: env.DB_HOST, port: env.DB_PORT, username: env.DB_USER, ...common };
}

export default {
  async scheduled(controller, env) {
    // Throws RdsIamError (HTTP_ERROR, TIMEOUT, ...) without any secret in it;
    // a throw marks this run failed in the Worker's Cron Events.
    const { configId, expiresAt } = await rotateHyperdrivePassword({
      accountId: env.CF_ACCOUNT_ID,
      configId: env.HYPERDRIVE_CONFIG_ID,
      apiToken: env.CF_API_TOKEN,
      apiBaseUrl: env.CF_API_BASE_URL, // unset: https://api.cloudflare.com
      ...tokenOptions(env),
    });
    console.log(`hyperdrive ${configId}: origin password rotated (${controller.cron}), valid until ${new Date(expiresAt).toISOString()}`);
  },
};
