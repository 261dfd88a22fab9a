// A Worker that makes RDS IAM auth tokens: one token provider per isolate
// (signed on first use, cached, refreshed before it expires) with the
// Worker's secrets as AWS credentials. A real Worker passes the token to its
// database driver as the password (see the README's "Cloudflare Workers"
// section); this one answers with what it signed for, never the token.
import { authTokenProvider, fromWorkersEnv, RdsIamError } from "rds-iam-edge";

let provider;

export default {
  async fetch(request, env) {
    try {
      provider ??= authTokenProvider({
        hostname: env.DB_HOST,
        port: env.DB_PORT,
        username: env.DB_USER,
        region: env.AWS_REGION,
        credentials: fromWorkersEnv(env), // AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
      });
      const password = await provider();
      const { hits, signings } = provider.stats();
      return Response.json({ hostname: env.DB_HOST, username: env.DB_USER, passwordLength: password.length, hits, signings });
    } catch (error) {
      // RdsIamError messages never hold a secret or a token; still, tell the
      // client only the code and the field.
      if (error instanceof RdsIamError) {
        provider = undefined;
        return Response.json({ code: error.code, field: error.field ?? null }, { status: 500 });
      }
      throw error;
    }
  },
};
