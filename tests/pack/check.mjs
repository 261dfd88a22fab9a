// pack-smoke.sh: the ESM check, by the package's bare name.
import { signToken, TokenSigner, inspectToken } from "rds-iam-edge";
import * as inspectEntry from "rds-iam-edge/inspect";
import check from "./check-common.cjs";
import vectors from "./vectors.mjs";

check({ signToken, TokenSigner, inspectToken, inspectEntry }, vectors, "esm", import.meta.resolve("rds-iam-edge"));
