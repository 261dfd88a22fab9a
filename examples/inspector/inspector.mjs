// The token inspector page: the package's browser build parses, warns and
// verifies; this file only renders. A token or secret never leaves the page
// and never lands in the URL, storage or the DOM as text (the signature shows
// its first four hex digits; the session token not at all).

const $ = (selector) => document.querySelector(selector);
const field = (name) => document.querySelector(`[data-field="${name}"]`);

const tokenInput = $("#token");
const status = $("#status");
const details = $("#details");
const verdict = $("#verdict");

let api;
try {
  // Relative to this page: served from the repository root, pkg/ is built by `make build`.
  api = await import("../../pkg/dist/browser.mjs");
} catch {
  setStatus("error", "Could not load the package's browser build (pkg/dist/browser.mjs): run `make build` and serve the repository root.");
  document.documentElement.dataset.ready = "error";
  throw new Error("rds-iam-edge browser build not loaded");
}

/** The token being shown: its text, fields and redacted signature, or null. */
let current = null;

function setStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

/** `1d 2h`, `3h 4m`, `5m 6s`, `7s`. */
function duration(ms) {
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s}s`;
  return `${s}s`;
}

/** A live countdown: `14:32`, `1:02:03`, `6d 23:59:59`. */
function countdown(ms) {
  let s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const pad = (n) => String(n).padStart(2, "0");
  const hms = `${Math.floor(s / 3600) ? `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}` : Math.floor(s / 60)}:${pad(s % 60)}`;
  return d ? `${d}d ${hms}` : hms;
}

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function show(name, text) {
  const dd = field(name);
  const present = text !== null;
  dd.hidden = !present;
  const dt = document.querySelector(`[data-for="${name}"]`);
  if (dt) dt.hidden = !present;
  if (present) dd.textContent = text;
}

/** The static fields, once per token. */
function renderFields(info, signature) {
  show("service", `${info.service} (signing name ${info.signingService})`);
  show("action", info.action);
  show("hostname", info.hostname);
  show("port", info.port === null ? null : String(info.port));
  show("username", info.username);
  show("serverless", info.service === "elasticache" ? (info.serverless ? "yes" : "no") : null);
  show("region", info.region);
  show("accessKeyId", info.accessKeyId);
  show("sessionToken", info.hasSessionToken ? "yes: temporary credentials (redacted)" : "no: long-term access key");
  show("expiresIn", `${info.expiresIn} s`);
  show("signature", signature);
}

/** What changes with the clock: status, relative times, countdown, warnings. */
function renderTime() {
  if (!current) return;
  const { info } = current;
  const now = Date.now();
  const expired = now > info.expiresAt;
  const future = info.signedAt > now;
  show("signedAt", `${iso(info.signedAt)} (${future ? `in ${duration(info.signedAt - now)}` : `${duration(now - info.signedAt)} ago`})`);
  show("expiresAt", `${iso(info.expiresAt)} (${expired ? `${duration(now - info.expiresAt)} ago` : `in ${duration(info.expiresAt - now)}`})`);
  show("remaining", expired ? `expired ${duration(now - info.expiresAt)} ago` : countdown(info.expiresAt - now));
  if (expired && verdict.dataset.state === "ok") {
    verdict.dataset.state = "stale";
    verdict.textContent = "The signature matched, but the token has expired since.";
  }
  if (expired) setStatus("expired", `Expired ${duration(now - info.expiresAt)} ago: the database refuses it.`);
  else if (future) setStatus("future", `Signed ${duration(info.signedAt - now)} in the future: the signing machine's clock is ahead.`);
  else setStatus("valid", `Well formed, valid for ${countdown(info.expiresAt - now)} more.`);

  const warnings = api.tokenWarnings(info, now);
  const list = $("#warnings");
  list.replaceChildren(
    ...warnings.map((w) => {
      const li = document.createElement("li");
      li.dataset.code = w.code;
      const code = document.createElement("code");
      code.textContent = w.code;
      li.append(code, ` ${w.message}`);
      return li;
    }),
  );
  $("#no-warnings").hidden = warnings.length > 0;
}

function clearVerdict() {
  verdict.dataset.state = "none";
  delete verdict.dataset.code;
  verdict.textContent = "";
}

function onToken() {
  const text = tokenInput.value.trim();
  clearVerdict();
  current = null;
  if (text === "") {
    details.hidden = true;
    setStatus("empty", "Waiting for a token.");
    return;
  }
  let info;
  try {
    info = api.inspectToken(text);
  } catch (error) {
    details.hidden = true;
    const reason = error instanceof api.RdsIamError ? error.reason : "unreadable";
    setStatus("invalid", `Not a token: ${reason}.`);
    return;
  }
  const hex = /[?&]X-Amz-Signature=([0-9a-f]{4})/.exec(text)?.[1];
  current = { text, info };
  renderFields(info, hex ? `${hex}… (redacted)` : "(redacted)");
  details.hidden = false;
  renderTime();
}

const EXPLAIN = {
  SIGNATURE_MISMATCH: "signed with another secret access key than this one, or changed after signing",
  EXPIRED: "expired: sign a new token right before connecting",
  NOT_YET_VALID: "signed too far in the future: the signing machine's clock is ahead",
  WRONG_USER: "signed for another user",
  WRONG_HOST: "signed for another host or port",
};

function onVerify(event) {
  event.preventDefault();
  if (!current) return;
  const secret = $("#secret").value.trim();
  if (secret === "") {
    verdict.dataset.state = "fail";
    verdict.textContent = "Paste the secret access key first.";
    return;
  }
  const optional = (id) => $(id).value.trim() || undefined;
  let result;
  try {
    result = api.verifyToken(current.text, {
      secretAccessKey: secret,
      username: optional("#expect-username"),
      hostname: optional("#expect-hostname"),
      port: optional("#expect-port"),
    });
  } catch (error) {
    result = { ok: false, code: error?.code ?? "INVALID_INPUT", reason: "check the expected values" };
  }
  verdict.dataset.state = result.ok ? "ok" : "fail";
  if (result.ok) {
    delete verdict.dataset.code;
    const session = current.info.hasSessionToken ? " The database also checks the session token with STS, which a page cannot." : "";
    verdict.textContent = `Verified: the signature matches this secret, and the token is valid now.${session}`;
  } else {
    verdict.dataset.code = result.code;
    verdict.textContent = `Does not verify: ${result.code}: ${EXPLAIN[result.code] ?? result.reason}.`;
  }
}

tokenInput.addEventListener("input", onToken);
$("#verify").addEventListener("submit", onVerify);
$("#forget").addEventListener("click", () => {
  $("#secret").value = "";
  clearVerdict();
});
setInterval(renderTime, 1000);
onToken();
document.documentElement.dataset.ready = "true";
