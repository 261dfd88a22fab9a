// pack-smoke.sh: the CommonJS check, by the package's bare name.
const { signToken, TokenSigner, inspectToken } = require("rds-iam-edge");
const inspectEntry = require("rds-iam-edge/inspect");
const check = require("./check-common.cjs");
const vectors = require("./vectors.cjs");

check({ signToken, TokenSigner, inspectToken, inspectEntry }, vectors, "cjs", require.resolve("rds-iam-edge"));
