// One golden case of tests/data/tokens/tokens.json as the TokenInput the
// public API takes: shared by the Node, bundler and pack-smoke tests.

/** `c` as a TokenInput (`now` included unless told). */
export function inputFor(c, { withNow = true } = {}) {
  const credentials = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey };
  if (c.sessionToken !== null && c.sessionToken !== undefined) credentials.sessionToken = c.sessionToken;
  const input = { service: c.kind, hostname: c.host, region: c.region, credentials, expiresIn: c.expiresIn };
  if (c.port !== null && c.port !== undefined) input.port = c.port;
  if (c.user !== null && c.user !== undefined) input.username = c.user;
  if (c.action === "DbConnectAdmin") input.admin = true;
  if (c.kind === "elasticache") input.serverless = c.serverless === true;
  if (withNow) input.now = c.epoch_ms;
  return input;
}
