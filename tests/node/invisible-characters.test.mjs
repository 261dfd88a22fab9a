// Everything we print from elsewhere (a hostile token's fields in the CLI,
// an API's error text in our messages) escapes every invisible or
// reordering character by Unicode category, not a hand list: the tag
// characters (U+E0000..), the soft hyphen, interlinear annotations, the
// Mongolian vowel separator, lone surrogates, besides controls and bidi.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { PKG, cjs } from "./helpers.mjs";

const BIN = join(PKG, JSON.parse(readFileSync(join(PKG, "package.json"), "utf8")).bin["rds-iam-edge"]);
const AT = Date.UTC(2026, 0, 1);
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYINVISIBLE";
const WORK = mkdtempSync(join(tmpdir(), "rds-iam-edge-invisible-"));
after(() => rmSync(WORK, { recursive: true, force: true }));

// Each is a character some terminal or viewer hides or reorders; none is a control or in the old hand list.
const HIDDEN = ["\u{E0041}", "\u{E0001}", "\u00ad", "\ufff9", "\ufffb", "\u180e", "\u{1D173}"];
// Any of them, or any format character or control but the line break, left raw.
const RAW = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

function cli(args, input) {
  return spawnSync(BIN, args, { input, encoding: "utf8", env: { PATH: process.env.PATH, RDS_IAM_EDGE_NOW_MS: String(AT), HOME: WORK } });
}

describe("the CLI escapes every invisible character of a hostile token", () => {
  const user = `bob${HIDDEN.join("")}x`;
  const token = cjs.signToken({ hostname: "db.example.com", port: 5432, username: user, region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: SECRET }, now: AT });
  const secretFile = join(WORK, "secret");
  writeFileSync(secretFile, SECRET);

  for (const args of [["inspect", "-"], ["inspect", "-", "--json"], ["verify", "-", "--secret-file", secretFile, "--username", "alice"], ["verify", "-", "--secret-file", secretFile, "--json"]]) {
    test(args.join(" "), () => {
      const r = cli(args, token);
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const all = r.stdout + r.stderr;
      assert.doesNotMatch(all, RAW, JSON.stringify(all));
      if (args[0] === "inspect" && args.includes("--json")) assert.equal(JSON.parse(r.stdout).username, user, "the JSON escapes keep the value");
      if (args[0] === "inspect" && !args.includes("--json")) assert.match(r.stdout, /bob\\udb40\\udc41\\udb40\\udc01\\u00ad\\ufff9\\ufffb\\u180e\\ud834\\udd73x/);
    });
  }
});

describe("an API's error text in our messages", () => {
  test("rotateHyperdrivePassword: the excerpt escapes tag characters, soft hyphens and lone surrogates", async () => {
    const message = `bad config${HIDDEN.join("")} and \ud800 here`;
    const fetch = async () => new Response(JSON.stringify({ success: false, errors: [{ code: 1000, message }] }), { status: 400 });
    const error = await cjs
      .rotateHyperdrivePassword({
        accountId: "0123456789abcdef0123456789abcdef",
        configId: "cfg",
        apiToken: "cf-api-token",
        hostname: "db.cluster-abc.us-east-1.rds.amazonaws.com",
        port: 5432,
        username: "u",
        region: "us-east-1",
        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: SECRET },
        now: AT,
        fetch,
      })
      .catch((e) => e);
    assert.equal(error?.code, "HTTP_ERROR", String(error));
    assert.match(error.message, /bad config\\udb40\\udc41/);
    assert.doesNotMatch(error.message, RAW, JSON.stringify(error.message));
  });
});
