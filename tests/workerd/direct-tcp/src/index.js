// GET / connects with postgres.js (its workerd build: cloudflare:sockets) and
// answers with the query's row or the driver's error message. The test's
// stand-in server reads the password and ends the login.
import postgres from "postgres";
import { signToken } from "rds-iam-edge";

export default {
  async fetch(request, env, ctx) {
    const db = { hostname: env.DB_HOST, port: Number(env.DB_PORT), username: env.DB_USER, region: env.AWS_REGION };
    const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
    const sql = postgres({
      host: db.hostname,
      port: db.port,
      username: db.username,
      database: "app",
      password: () => signToken({ ...db, credentials }), // called for each new connection
      ssl: env.DB_SSL === "off" ? false : "require",
      max: 1,
      fetch_types: false,
      connect_timeout: 2,
    });
    try {
      const [row] = await sql`select current_user`;
      return Response.json({ row });
    } catch (error) {
      return Response.json({ error: String(error.message) });
    } finally {
      ctx.waitUntil(sql.end({ timeout: 1 }));
    }
  },
};
