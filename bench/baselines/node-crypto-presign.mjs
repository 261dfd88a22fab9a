// A plain SigV4 query presign of an RDS auth token on node:crypto: the
// least a Node program can do without a signing library. Written for this
// benchmark from the SigV4 specification; it produces the same token as
// rds-iam-edge and @aws-sdk/rds-signer (parameters sorted, `host:port` signed).
import { createHash, createHmac } from "node:crypto";

const EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// RFC 3986: everything but unreserved characters is percent-encoded.
const encode = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `YYYYMMDD'T'HHMMSS'Z'` of epoch milliseconds. */
function amzDate(ms) {
  const iso = new Date(ms - (ms % 1000)).toISOString(); // 2023-11-14T22:13:20.000Z
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 13) + iso.slice(14, 16) + iso.slice(17, 19) + "Z";
}

const hmac = (key, data) => createHmac("sha256", key).update(data).digest();

/** kSigning for (date, region, service). */
export function signingKey(secretAccessKey, date, region, service) {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), "aws4_request");
}

/**
 * An RDS token. `keys`, when given, is a Map caching signing keys by
 * date/region (the "cached key" variant); without it every call derives one.
 */
export function presignRdsToken({ hostname, port, username, region, credentials, expiresIn = 900, now = Date.now() }, keys) {
  const stamp = amzDate(now);
  const date = stamp.slice(0, 8);
  const scope = `${date}/${region}/rds-db/aws4_request`;
  const params = [
    ["Action", "connect"],
    ["DBUser", username],
    ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
    ["X-Amz-Credential", `${credentials.accessKeyId}/${scope}`],
    ["X-Amz-Date", stamp],
    ["X-Amz-Expires", String(expiresIn)],
    ["X-Amz-SignedHeaders", "host"],
  ];
  if (credentials.sessionToken) params.push(["X-Amz-Security-Token", credentials.sessionToken]);
  const pairs = params.map(([k, v]) => `${encode(k)}=${encode(v)}`).sort();
  const host = `${hostname}:${port}`;
  const canonicalRequest = `GET\n/\n${pairs.join("&")}\nhost:${host}\n\nhost\n${EMPTY_PAYLOAD_SHA256}`;
  const stringToSign = `AWS4-HMAC-SHA256\n${stamp}\n${scope}\n${createHash("sha256").update(canonicalRequest).digest("hex")}`;
  let key;
  if (keys) {
    const id = `${date}/${region}`;
    key = keys.get(id);
    if (key === undefined) keys.set(id, (key = signingKey(credentials.secretAccessKey, date, region, "rds-db")));
  } else {
    key = signingKey(credentials.secretAccessKey, date, region, "rds-db");
  }
  pairs.push(`X-Amz-Signature=${createHmac("sha256", key).update(stringToSign).digest("hex")}`);
  return `${host}/?${pairs.sort().join("&")}`;
}
