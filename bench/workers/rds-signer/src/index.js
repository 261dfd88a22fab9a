// examples/worker's job with @aws-sdk/rds-signer: sign a token per request
// (static credentials from the Worker's secrets) and answer with its size.
import { Signer } from "@aws-sdk/rds-signer";

export default {
  async fetch(request, env) {
    const signer = new Signer({
      hostname: env.DB_HOST,
      port: Number(env.DB_PORT),
      username: env.DB_USER,
      region: env.AWS_REGION,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    });
    const token = await signer.getAuthToken();
    return Response.json({ length: token.length, host: token.slice(0, token.indexOf("/")) });
  },
};
