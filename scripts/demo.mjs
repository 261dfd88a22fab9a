// The demo until the real-database one lands: sign an RDS IAM token with the
// built package, then show what is inside it and check it as a server
// would. The token itself is never printed.
import { inspectToken, signToken, verifyToken } from "../pkg/dist/node.mjs";

// AWS's documented example key pair: not a real credential.
const credentials = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};
const input = {
  hostname: "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com",
  port: 5432,
  username: "app_user",
  region: "us-east-1",
  credentials,
};

const token = signToken(input);
const info = inspectToken(token);
console.log(`signed an RDS IAM auth token (${token.length} bytes; not shown)`);
for (const [field, value] of Object.entries(info)) {
  const shown = field === "signedAt" || field === "expiresAt" ? `${new Date(value).toISOString()} (${value})` : value;
  console.log(`  ${field.padEnd(16)} ${shown}`);
}
const check = verifyToken(token, { keys: { [credentials.accessKeyId]: credentials.secretAccessKey }, username: "app_user" });
console.log(`verified with the signing key: ${check.ok ? "ok" : `${check.code}: ${check.reason}`}`);
const wrong = verifyToken(token, { keys: { [credentials.accessKeyId]: "not-the-secret" } });
console.log(`verified with a wrong key:     ${wrong.ok ? "ok (unexpected!)" : wrong.code}`);
if (!check.ok || wrong.ok) process.exit(1);
