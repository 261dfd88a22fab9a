// Type-level tests: small consumer files in tests/types/src, written as users
// of pg, postgres.js, mysql2, knex, ioredis, node-redis, Workers and
// @aws-sdk/rds-signer write them, must type-check against the built
// declarations (resolved by package name, through pkg/package.json's
// exports) in a strict project; their `@ts-expect-error` lines must still
// be errors.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";

import { PKG, ROOT } from "./helpers.mjs";

const TYPES = join(ROOT, "tests/types");

test("the consumer files type-check with tsc --noEmit (strict)", async (t) => {
  const link = join(TYPES, "node_modules/rds-iam-edge");
  mkdirSync(join(TYPES, "node_modules"), { recursive: true });
  rmSync(link, { force: true, recursive: true });
  symlinkSync(PKG, link, "dir");
  t.after(() => rmSync(join(TYPES, "node_modules"), { recursive: true, force: true }));
  const tsc = join(ROOT, "node_modules/.bin/tsc");
  const result = await promisify(execFile)(tsc, ["--noEmit", "-p", join(TYPES, "tsconfig.json")], { cwd: ROOT }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e) => ({ code: e.code, out: `${e.stdout ?? ""}${e.stderr ?? ""}` }),
  );
  assert.equal(result.out, "");
  assert.equal(result.code, 0);
});
