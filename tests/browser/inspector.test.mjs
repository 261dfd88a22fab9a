// The token inspector page (examples/inspector/) in headless Chromium
// (Debian's, driven by playwright-core; no browser download), served by the
// page's own static server over the repository root. Golden tokens pasted
// and their fields read back; the live countdown running out into
// "expired"; warnings equal to the CLI's; verification with the secret in
// the page; screenshots kept under target/test-artifacts/; and not one
// request beyond the local server.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";

import { chromium } from "playwright-core";
import { serve } from "../../examples/inspector/serve.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ARTIFACTS = join(ROOT, "target/test-artifacts");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CLI = join(ROOT, "pkg/dist/cli.cjs");
const CASES = JSON.parse(readFileSync(join(ROOT, "tests/data/tokens/tokens.json"), "utf8"));
const byId = (id) => CASES.find((c) => c.id === id);
const pkg = createRequire(import.meta.url)("../../pkg");

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYPAGETESTKEY";
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

let server;
let browser;
let context;
let page;
const requests = []; // every URL the browser asked for
const problems = []; // console errors (CSP violations land here) and page errors

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: run scripts/setup.sh (Debian's chromium) or set CHROMIUM_PATH`);
  for (const built of ["pkg/dist/browser.mjs", "pkg/dist/cli.cjs"]) {
    assert.ok(existsSync(join(ROOT, built)), `${built} is missing: run make build`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serve();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
  });
  context = await browser.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers: "block" });
  context.on("request", (request) => requests.push(request.url()));
  page = await context.newPage();
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  // A fake clock: the page's Date.now() and its 1 s countdown timer move only when the test says.
  await page.clock.install({ time: T0 });
  await page.goto(server.page);
  await page.waitForFunction(() => document.documentElement.dataset.ready !== undefined);
  await page.clock.pauseAt(T0 + 60_000); // from here on the page's time moves only with setSystemTime and runFor
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Puts `token` in the page at time `now`, as a paste does. */
async function paste(token, now) {
  await page.clock.setSystemTime(now);
  await page.fill("#token", token);
}

/** The rendered fields, by data-field name (hidden ones absent). */
function fields() {
  return page.$$eval("[data-field]", (dds) => Object.fromEntries(dds.filter((dd) => !dd.hidden).map((dd) => [dd.dataset.field, dd.textContent])));
}

const status = () => page.$eval("#status", (p) => ({ state: p.dataset.state, text: p.textContent }));
const warningCodes = () => page.$$eval("#warnings li", (lis) => lis.map((li) => li.dataset.code));

/** `inspect --json` of the real CLI at a fixed time. */
function cliInspect(token, now) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "inspect", "--json", token], { env: { PATH: process.env.PATH, RDS_IAM_EDGE_NOW_MS: String(now) } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`inspect exited ${code}`))));
  });
}

describe("inspector page", { timeout: 120_000 }, () => {
  test("loads the package's browser build (the wasm inside its JS) from the local server", async () => {
    assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), "true");
    for (const path of ["/examples/inspector/inspector.mjs", "/pkg/dist/browser.mjs", "/pkg/dist/sign-wasm.mjs", "/pkg/dist/inspect-wasm.mjs"]) {
      assert.ok(server.requests.includes(path), `the page did not load ${path}`);
    }
    assert.deepEqual(await status(), { state: "empty", text: "Waiting for a token." });
  });

  test("golden tokens of every kind: the rendered fields", async () => {
    for (const id of ["rds-034", "rds-022", "dsql-049", "dsql-046", "elasticache-001", "memorydb-005"]) {
      const c = byId(id);
      const signedAt = Math.floor(c.epoch_ms / 1000) * 1000;
      await paste(c.expected_token, signedAt + 60_000);
      const f = await fields();
      const expected = {
        service: `${c.kind} (signing name ${c.service})`,
        action: c.action,
        hostname: c.host,
        region: c.region,
        accessKeyId: c.accessKeyId,
        sessionToken: c.sessionToken ? "yes: temporary credentials (redacted)" : "no: long-term access key",
        signedAt: `${new Date(signedAt).toISOString().replace(".000Z", "Z")} (1m 0s ago)`,
        expiresIn: `${c.expiresIn} s`,
        expiresAt: `${new Date(signedAt + c.expiresIn * 1000).toISOString().replace(".000Z", "Z")} (in ${c.expiresIn === 900 ? "14m 0s" : c.expiresIn === 3600 ? "59m 0s" : "6d 23h"})`,
        remaining: c.expiresIn === 900 ? "14:00" : c.expiresIn === 3600 ? "59:00" : "6d 23:59:00",
        signature: `${c.expected_signature.slice(0, 4)}… (redacted)`,
      };
      if (c.port !== null) expected.port = String(c.port);
      if (c.user !== null) expected.username = c.user;
      if (c.kind === "elasticache") expected.serverless = c.serverless ? "yes" : "no";
      assert.deepEqual(f, expected, id);
      assert.equal((await status()).state, "valid", id);
      assert.deepEqual(await warningCodes(), c.port === 443 ? ["PORT_443"] : [], id);
      // Nothing secret in the document: no session token, no full signature.
      const html = await page.evaluate(() => document.body.innerText);
      assert.ok(!html.includes(c.expected_signature.slice(0, 8)), `${id}: signature shown`);
      if (c.sessionToken) assert.ok(!html.includes(c.sessionToken), `${id}: session token shown`);
    }
  });

  test("the countdown runs live and the token turns expired at its end", async () => {
    const c = byId("rds-034");
    const signedAt = Math.floor(c.epoch_ms / 1000) * 1000;
    await paste(c.expected_token, signedAt + 60_000);
    assert.equal((await fields()).remaining, "14:00");
    await page.clock.runFor(5_000);
    assert.equal((await fields()).remaining, "13:55");
    assert.match((await status()).text, /^Well formed, valid for 13:55 more\.$/);
    await page.clock.runFor(835_000); // exactly the expiry: still valid (as verifyToken)
    assert.equal((await fields()).remaining, "0:00");
    assert.equal((await status()).state, "valid");
    await page.fill("#secret", c.secretAccessKey);
    await page.click("#verify-button");
    assert.equal(await page.$eval("#verdict", (p) => p.dataset.state), "ok");
    await page.clock.runFor(2_000);
    assert.deepEqual(await status(), { state: "expired", text: "Expired 2s ago: the database refuses it." });
    // A verdict from before the end does not claim the token is valid now.
    assert.deepEqual(await page.$eval("#verdict", (p) => [p.dataset.state, p.textContent]), ["stale", "The signature matched, but the token has expired since."]);
    await page.click("#forget");
    assert.equal((await fields()).remaining, "expired 2s ago");
    assert.deepEqual(await warningCodes(), ["EXPIRED"]);
    await page.screenshot({ path: join(ARTIFACTS, "inspector-expired.png"), fullPage: true });
  });

  test("an old token pasted today shows as expired at once", async () => {
    const c = byId("rds-029");
    await paste(c.expected_token, T0);
    const s = await status();
    assert.equal(s.state, "expired");
    assert.match(s.text, /^Expired \d+d \d+h ago: the database refuses it\.$/);
    assert.deepEqual(await warningCodes(), ["EXPIRED"]);
  });

  test("a token signed ahead of the page's clock shows as signed in the future", async () => {
    const c = byId("rds-034");
    await paste(c.expected_token, Math.floor(c.epoch_ms / 1000) * 1000 - 90_000);
    assert.equal((await status()).state, "future");
    assert.deepEqual(await warningCodes(), ["SIGNED_IN_FUTURE"]);
  });

  test("the page's warnings are the CLI's, for the same token and time", async () => {
    const tokens = [
      pkg.signToken({ hostname: "mydb.abc.us-east-1.rds.amazonaws.com", port: 443, username: "u", region: "eu-west-1", credentials: { accessKeyId: "AKIDPAGE", secretAccessKey: SECRET }, now: T0 }),
      pkg.signToken({ hostname: "db.internal.example", port: 5432, username: "u", region: "us-east-1", credentials: { accessKeyId: "AKIDPAGE", secretAccessKey: SECRET }, now: T0 }),
      // Another tool's ElastiCache token signed for the endpoint (this signer refuses one): a MemoryDB token relabelled.
      pkg
        .signToken({ service: "memorydb", hostname: "c.abc.use1.cache.amazonaws.com", username: "u", region: "us-east-1", credentials: { accessKeyId: "AKIDPAGE", secretAccessKey: SECRET }, now: T0 })
        .replace("%2Fmemorydb%2F", "%2Felasticache%2F"),
      byId("rds-034").expected_token.replace("X-Amz-Expires=900", "X-Amz-Expires=1800"),
    ];
    for (const token of tokens) {
      for (const now of [T0 + 1000, T0 + 7_200_000]) {
        await paste(token, now);
        const page = await warningCodes();
        const cli = (await cliInspect(token, now)).warnings.map((w) => w.code);
        assert.ok(cli.length > 0);
        assert.deepEqual(page, cli);
      }
    }
  });

  test("not a token: the parser's reason, no fields", async () => {
    await paste("https://example.com/?Action=connect", T0);
    assert.deepEqual(await status(), { state: "invalid", text: "Not a token: must be host/?query." });
    assert.equal(await page.$eval("#details", (d) => d.hidden), true);
    await paste("", T0);
    assert.equal((await status()).state, "empty");
  });

  test("verify with the secret in the page: pass, wrong secret, wrong user; the secret never leaves the input", async () => {
    const c = byId("rds-022"); // session token and port 443: a warning to show
    const signedAt = Math.floor(c.epoch_ms / 1000) * 1000;
    await paste(c.expected_token, signedAt + 95_000);
    const before = requests.length;
    const url = page.url();

    await page.fill("#secret", c.secretAccessKey);
    await page.click("#verify-button");
    const ok = await page.$eval("#verdict", (p) => ({ state: p.dataset.state, text: p.textContent }));
    assert.equal(ok.state, "ok");
    assert.match(ok.text, /^Verified: the signature matches this secret, and the token is valid now\. The database also checks the session token with STS/);
    await page.screenshot({ path: join(ARTIFACTS, "inspector.png"), fullPage: true });

    await page.fill("#expect-username", "someone_else");
    await page.click("#verify-button");
    assert.deepEqual(await page.$eval("#verdict", (p) => [p.dataset.state, p.dataset.code]), ["fail", "WRONG_USER"]);
    await page.fill("#expect-username", "");

    await page.fill("#secret", SECRET);
    await page.press("#secret", "Enter"); // the form's submit: handled in the page, never posted
    const bad = await page.$eval("#verdict", (p) => ({ state: p.dataset.state, code: p.dataset.code, text: p.textContent }));
    assert.deepEqual([bad.state, bad.code], ["fail", "SIGNATURE_MISMATCH"]);
    assert.match(bad.text, /signed with another secret access key than this one, or changed after signing/);

    // The secret lives only in the input's value: not in the markup, the text, the URL or storage.
    const seen = await page.evaluate(() => [document.documentElement.outerHTML, document.body.innerText, location.href, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })].join("\n"));
    assert.ok(!seen.includes(SECRET) && !seen.includes(c.secretAccessKey));
    assert.equal(page.url(), url);
    await page.click("#forget");
    assert.equal(await page.inputValue("#secret"), "");
    assert.equal(await page.$eval("#verdict", (p) => p.dataset.state), "none");
    assert.equal(requests.length, before, `requests after loading: ${requests.slice(before).join(", ")}`);
  });

  test("no request went anywhere but the local server; no console or CSP error", () => {
    const origin = new URL(server.url).origin;
    const elsewhere = requests.filter((url) => !url.startsWith("data:") && new URL(url).origin !== origin);
    assert.deepEqual(elsewhere, []);
    const allowed = new Set([
      "/examples/inspector/",
      "/examples/inspector/inspector.css",
      "/examples/inspector/inspector.mjs",
      "/pkg/dist/browser.mjs",
      "/pkg/dist/sign-wasm.mjs",
      "/pkg/dist/inspect-wasm.mjs",
    ]);
    assert.deepEqual(server.requests.filter((path) => !allowed.has(path)), []);
    assert.deepEqual(problems, []);
    assert.ok(existsSync(join(ARTIFACTS, "inspector.png")) && existsSync(join(ARTIFACTS, "inspector-expired.png")));
  });
});
