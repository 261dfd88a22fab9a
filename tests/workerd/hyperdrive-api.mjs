// A local stand-in for the Cloudflare API's Hyperdrive config endpoint:
// PATCH /client/v4/accounts/{accountId}/hyperdrive/configs/{configId} with
// `Authorization: Bearer {apiToken}` and `{"origin":{"password":"..."}}`,
// answering in Cloudflare's envelope ({ success, errors, messages, result }).
// Each config id can be given a script of answers (status codes, or "hang").
import http from "node:http";

const PATH = /^\/client\/v4\/accounts\/([^/]+)\/hyperdrive\/configs\/([^/]+)$/;

function send(res, status, body, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

const failure = (code, message) => ({ success: false, errors: [{ code, message }], messages: [], result: null });

export async function hyperdriveApi({ apiToken }) {
  const requests = [];
  const scripts = new Map();
  const hanging = new Set();
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const match = PATH.exec(req.url);
      const record = { method: req.method, path: req.url, headers: req.headers, body, accountId: match?.[1], configId: match?.[2] };
      requests.push(record);
      if (!match) return send(res, 404, failure(7003, "Could not route to this path"));
      if (req.method !== "PATCH") return send(res, 405, failure(7001, "Method not allowed"));
      if (req.headers.authorization !== `Bearer ${apiToken}`) return send(res, 403, failure(10000, "Authentication error"));
      const action = scripts.get(match[2])?.shift() ?? { status: 200 };
      if (action === "hang") {
        hanging.add(res);
        return;
      }
      if (action.headers) return send(res, action.status, action.body ?? {}, action.headers);
      if (action.body) return send(res, action.status, action.body);
      if (action.status >= 500) return send(res, action.status, failure(2000, "Internal server error"));
      if (action.status !== 200) return send(res, action.status, failure(2009, "Bad request"));
      let parsed;
      try {
        parsed = JSON.parse(body);
      } catch {
        return send(res, 400, failure(2001, "Malformed JSON"));
      }
      const keys = Object.keys(parsed ?? {});
      const origin = parsed?.origin;
      if (req.headers["content-type"] !== "application/json" || keys.join() !== "origin" ||
          Object.keys(origin ?? {}).join() !== "password" || typeof origin.password !== "string" || !origin.password) {
        return send(res, 400, failure(2001, "Body must be {\"origin\":{\"password\":string}}"));
      }
      // Like the real API, the answer describes the config without its password.
      send(res, 200, {
        success: true,
        errors: [],
        messages: [],
        result: { id: match[2], name: "db", origin: { host: "db.example", port: 5432, database: "app", scheme: "postgres", user: "app_user" } },
      });
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    /** Answers for the next requests to `configId`: { status, body?, headers? } or "hang"; then 200s. */
    script: (configId, actions) => scripts.set(configId, [...actions]),
    forConfig: (configId) => requests.filter((r) => r.configId === configId),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
