// rotateHyperdrivePassword's safety against a hostile or broken API (issue
// 13), with Node's own fetch against real local HTTP servers: redirects are
// never followed, answers are read with a cap, echoes of any part of a
// secret are scrubbed, and timeouts cannot overflow.
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";

import { cjs } from "./wrapper-support.mjs";

const { rotateHyperdrivePassword, RdsIamError } = cjs;

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SESSION = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENxyzzy+/=";
const API_TOKEN = "cf-api-token-EXAMPLE-0123456789abcdef";
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0, 0);
const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: SECRET, sessionToken: SESSION };
const RDS = { hostname: "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com", port: 5432, username: "app_user", region: "us-east-1" };

/** A local server whose answers the test scripts per request; records what it received. */
async function server(handler) {
  const requests = [];
  const s = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${s.address().port}`,
    requests,
    close: () => {
      s.closeAllConnections();
      return new Promise((r) => s.close(r));
    },
  };
}

const options = (apiBaseUrl, extra = {}) => ({
  accountId: "0123456789abcdef0123456789abcdef",
  configId: "cfg",
  apiToken: API_TOKEN,
  apiBaseUrl,
  ...RDS,
  credentials: CREDENTIALS,
  now: NOW,
  ...extra,
});

function assertNoSecretPart(text, secrets) {
  for (const secret of secrets) {
    for (let i = 0; i + 8 <= secret.length; i += 4) {
      assert.ok(!text.includes(secret.slice(i, i + 8)), `leaks a part of ${secret.slice(0, 6)}...: ${text}`);
    }
  }
}

describe("rotateHyperdrivePassword: redirects", () => {
  let elsewhere, api;
  before(async () => {
    elsewhere = await server((req, res) => res.end(JSON.stringify({ success: true, errors: [] })));
  });
  after(() => elsewhere.close());

  for (const status of [301, 302, 303, 307, 308]) {
    test(`a ${status} is HTTP_ERROR, and the password never reaches the other origin`, async () => {
      api = await server((req, res) => {
        res.writeHead(status, { location: `${elsewhere.url}/steal` });
        res.end();
      });
      try {
        await assert.rejects(rotateHyperdrivePassword(options(api.url)), (e) => {
          assert.ok(e instanceof RdsIamError);
          assert.equal(e.code, "HTTP_ERROR");
          assert.match(e.message, new RegExp(`redirect \\(HTTP ${status}\\)`));
          return true;
        });
        assert.equal(api.requests.length, 1, "no retry");
        assert.equal(elsewhere.requests.length, 0, "nothing sent to the redirect's target");
      } finally {
        await api.close();
      }
    });
  }

  test("a custom fetch that follows redirects anyway: refused as well", async () => {
    const following = async () => ({ status: 200, redirected: true, type: "basic", headers: new Headers(), body: null });
    await assert.rejects(rotateHyperdrivePassword(options("https://api.example", { fetch: following })), (e) => e.code === "HTTP_ERROR" && /redirect/.test(e.message));
  });
});

describe("rotateHyperdrivePassword: answers", () => {
  test("an endless answer is cut off: HTTP_ERROR, not memory", async () => {
    const api = await server((req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      const chunk = "x".repeat(64 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return res.once("drain", more);
        }
        res.end();
      };
      res.on("error", () => {});
      more();
    });
    try {
      await assert.rejects(rotateHyperdrivePassword(options(api.url)), (e) => e.code === "HTTP_ERROR" && /more than \d+ bytes/.test(e.message));
    } finally {
      await api.close();
    }
  });

  test("echoes of a part of the API token, secret, session token or signature are scrubbed; the excerpt is short", async () => {
    let token;
    const api = await server((req, res, body) => {
      token = JSON.parse(body).origin.password;
      const signature = /X-Amz-Signature=([0-9a-f]+)/.exec(token)[1];
      const message =
        `token ${API_TOKEN.slice(0, 12)}... is invalid; key "${SECRET.slice(3, 15)}" and session=${encodeURIComponent(SESSION.slice(-12))}; ` +
        `sig ${signature.slice(10, 30)} \u001b[31m\u202eevil ` + "padding ".repeat(200);
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ success: false, errors: [{ code: 2008, message }] }));
    });
    try {
      await assert.rejects(rotateHyperdrivePassword(options(api.url)), (e) => {
        assert.equal(e.code, "HTTP_ERROR");
        assert.match(e.message, /2008: token \[redacted\]/);
        const signature = /X-Amz-Signature=([0-9a-f]+)/.exec(token)[1];
        assertNoSecretPart(e.message, [API_TOKEN, SECRET, SESSION, encodeURIComponent(SESSION), signature]);
        assert.doesNotMatch(e.message, /[\u001b\u202e]/);
        assert.ok(e.message.length < 400, `${e.message.length} characters`);
        return true;
      });
    } finally {
      await api.close();
    }
  });

  test("a body that is not JSON shows only a short scrubbed excerpt", async () => {
    const api = await server((req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end(`<html>bad gateway for Bearer ${API_TOKEN}</html>` + "<p>".repeat(5000));
    });
    try {
      await assert.rejects(rotateHyperdrivePassword(options(api.url)), (e) => {
        assert.equal(e.code, "HTTP_ERROR");
        assertNoSecretPart(e.message, [API_TOKEN]);
        assert.ok(e.message.length < 400);
        return true;
      });
    } finally {
      await api.close();
    }
  });
});

describe("rotateHyperdrivePassword: a custom fetch", () => {
  test("a Response-like answer without a stream still works, and is capped", async () => {
    const ok = async () => ({ status: 200, headers: new Headers(), body: null, text: async () => JSON.stringify({ success: true, errors: [] }) });
    const result = await rotateHyperdrivePassword(options("https://api.example", { fetch: ok }));
    assert.equal(result.configId, "cfg");
    const flood = async () => ({ status: 400, headers: new Headers(), body: null, text: async () => "x".repeat(2 * 1024 * 1024) });
    await assert.rejects(rotateHyperdrivePassword(options("https://api.example", { fetch: flood })), (e) => e.code === "HTTP_ERROR" && /more than/.test(e.message));
  });
});

describe("rotateHyperdrivePassword: time limits", () => {
  test("timeoutMs above 2^31-1 is refused (Node would fire it at once)", async () => {
    for (const timeoutMs of [2 ** 31, 1e12, Number.MAX_SAFE_INTEGER]) {
      await assert.rejects(rotateHyperdrivePassword(options("https://api.example", { timeoutMs })), (e) => e.code === "INVALID_INPUT" && e.field === "timeoutMs");
    }
  });

  test("a credentials provider that never answers: TIMEOUT, nothing sent", async () => {
    let called = 0;
    const fetch = async () => {
      called++;
      return new Response("{}");
    };
    await assert.rejects(
      rotateHyperdrivePassword(options("https://api.example", { fetch, timeoutMs: 20, credentials: () => new Promise(() => {}) })),
      (e) => e.code === "TIMEOUT" && e.field === "credentials",
    );
    assert.equal(called, 0);
  });

  test("expired credentials: CREDENTIALS_EXPIRED says when", async () => {
    const expiration = new Date(NOW - 60_000);
    await assert.rejects(
      rotateHyperdrivePassword(options("https://api.example", { credentials: { ...CREDENTIALS, expiration } })),
      (e) => e.code === "CREDENTIALS_EXPIRED" && e.message.includes(expiration.toISOString()),
    );
  });
});
