// Getters and Proxy traps that throw, with text that holds a secret, on the
// signing inputs, the drop-in Signer and the driver helpers: each is the
// caller's bad input (a typed RdsIamError naming the object), never their
// error passed on, and no message shows the secret.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cjs } from "./helpers.mjs";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYHOSTILEKEY";
const thrower = () => {
  const error = new Error(`leaked ${SECRET}`);
  error.name = SECRET;
  throw error;
};
const trap = () => new Proxy({}, { get: thrower, ownKeys: thrower, getOwnPropertyDescriptor: thrower, has: thrower });
const getter = (key) => Object.defineProperty({}, key, { enumerable: true, get: thrower });

function refused(run, code) {
  let caught;
  try {
    const result = run();
    if (result && typeof result.then === "function") return result.then(() => assert.fail("resolved"), (e) => check(e, code));
  } catch (e) {
    caught = e;
  }
  assert.ok(caught, "did not throw");
  return check(caught, code);
}

function check(error, code) {
  assert.equal(error.name, "RdsIamError", String(error?.message).replace(SECRET, "<secret>"));
  assert.equal(error.code, code);
  for (const text of [error.message, error.reason, error.field, error.stack, JSON.stringify(error)]) {
    assert.ok(!String(text).includes(SECRET), "the secret leaked");
    assert.ok(!String(text).includes(SECRET.slice(0, 12)), "part of the secret leaked");
  }
}

describe("hostile getters and Proxy traps", () => {
  const base = { hostname: "db.example.com", port: 5432, username: "u", region: "us-east-1", now: 0 };

  test("signToken: the input or its credentials", () => {
    refused(() => cjs.signToken(trap()), "INVALID_INPUT");
    refused(() => cjs.signToken({ ...base, credentials: trap() }), "INVALID_INPUT");
    refused(() => cjs.signToken({ ...base, credentials: getter("then") }), "INVALID_INPUT");
    refused(() => new cjs.TokenSigner(trap()), "INVALID_INPUT");
  });

  test("the drop-in Signer: its constructor never throws, getAuthToken rejects typed", async () => {
    const signer = new cjs.Signer(trap());
    await refused(() => signer.getAuthToken(), "INVALID_INPUT");
  });

  test("driver helpers", () => {
    refused(() => cjs.pgConfig(trap()), "INVALID_INPUT");
    refused(() => cjs.mysql2Options(trap()), "INVALID_INPUT");
    refused(() => cjs.postgresJsOptions(trap()), "INVALID_INPUT");
  });
});
