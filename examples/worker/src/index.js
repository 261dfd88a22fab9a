// Signs an RDS IAM auth token per request and answers with its inspected
// fields. A real Worker passes the token as the database password instead
// (see the README's "Cloudflare Workers" section) and never shows it.
import { fromWorkersEnv, inspectToken, RdsIamError, signToken } from "rds-iam-edge";

export default {
  async fetch(request, env) {
    try {
      const token = signToken({
        hostname: env.DB_HOST,
        port: env.DB_PORT,
        username: env.DB_USER,
        region: env.AWS_REGION,
        credentials: fromWorkersEnv(env), // AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
      });
      return Response.json(inspectToken(token));
    } catch (error) {
      // RdsIamError messages never hold a secret or a token; still, tell the
      // client only the code and the field.
      if (error instanceof RdsIamError) {
        return Response.json({ code: error.code, field: error.field ?? null }, { status: 500 });
      }
      throw error;
    }
  },
};
