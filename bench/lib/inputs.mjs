// The one token every contender signs: an RDS endpoint, static credentials
// (an AWS documentation example key pair), the default 15-minute lifetime.
export const HOSTNAME = "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com";
export const PORT = 5432;
export const USERNAME = "app_user";
export const REGION = "us-east-1";
export const CREDENTIALS = Object.freeze({
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
});
export const EXPIRES_IN = 900;
/** rds-iam-edge's TokenInput (without `now`). */
export const INPUT = Object.freeze({ hostname: HOSTNAME, port: PORT, username: USERNAME, region: REGION, credentials: CREDENTIALS });
/** @aws-sdk/rds-signer's Signer configuration. */
export const SDK_CONFIG = Object.freeze({ hostname: HOSTNAME, port: PORT, username: USERNAME, region: REGION, credentials: CREDENTIALS });
export const DAY_MS = 86_400_000;
/** An STS session token's usual length (880 chars), as bench/rust/sign.rs counts its compressions. */
export const SESSION_TOKEN = "FwoGZXIvYXdzEJr//////////wEaDH+Q3xAmpl3/T0k3n+".repeat(20).slice(0, 880);
export const SESSION_CREDENTIALS = Object.freeze({ ...CREDENTIALS, sessionToken: SESSION_TOKEN });
export const INPUT_SESSION = Object.freeze({ ...INPUT, credentials: SESSION_CREDENTIALS });
export const SDK_CONFIG_SESSION = Object.freeze({ ...SDK_CONFIG, credentials: SESSION_CREDENTIALS });
