// @aws-sdk/rds-signer users: the same config object, with the SDK's other keys.
import { Signer, type SignerConfig } from "rds-iam-edge";

const config: SignerConfig = { hostname: "db.example.com", port: 5432, username: "app", region: "us-east-1" };
const withSdkKeys = new Signer({ ...config, logger: console, sha256: class {}, runtime: "node", expiresIn: 3600 });
const token: Promise<string> = withSdkKeys.getAuthToken();
const noCache = new Signer({ ...config, cache: false });

export { token, noCache };
