// Google sign-in with arctic and jose against a fake Google on 127.0.0.1: PKCE, state, ID token checks, the session cookie.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { startFakeGoogle, type FakeGoogle, type IdTokenClaims } from "../fakes/google-server";
import { expectNoExternalRequests, installNetworkGuard, type NetworkGuard } from "../helpers/network-guard";
import { captureLogs } from "../helpers/logs";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { cookieHeader, setCookies, type SetCookie } from "../helpers/sign-in";

let google: FakeGoogle;
let t: TestApp;
let guard: NetworkGuard;

beforeAll(async () => {
  guard = installNetworkGuard();
  google = await startFakeGoogle();
  t = createTestApp({ ...google.env, RATE_LIMIT_AUTH_PER_MINUTE: "100000" });
});
afterAll(async () => {
  t.cleanup();
  await google.stop();
  expectNoExternalRequests();
  guard.uninstall();
});
beforeEach(() => google.setClaims({}));

interface Started {
  authorizationUrl: URL;
  state: SetCookie;
  verifier: SetCookie;
}

async function start(): Promise<Started> {
  const response = await t.request("/auth/google");
  expect(response.status).toBe(302);
  const cookies = setCookies(response);
  return { authorizationUrl: new URL(response.headers.get("location")!), state: cookies.get("google_oauth_state")!, verifier: cookies.get("google_code_verifier")! };
}

/** Lets the fake Google "sign the person in" and returns the callback path it redirects the browser to. */
async function authorize(url: URL): Promise<string> {
  const response = await fetch(url, { redirect: "manual" });
  expect(response.status).toBe(302);
  const callback = new URL(response.headers.get("location")!);
  expect(callback.origin + callback.pathname).toBe("http://localhost:8000/auth/google/callback");
  return callback.pathname + callback.search;
}

async function fullFlow(claims: IdTokenClaims = {}): Promise<Response> {
  google.setClaims(claims);
  const { authorizationUrl, state, verifier } = await start();
  const callbackPath = await authorize(authorizationUrl);
  return t.request(callbackPath, { headers: { cookie: cookieHeader(state, verifier) } });
}

function userCount(): number {
  return (t.sqlite.query("SELECT count(*) AS n FROM users").get() as { n: number }).n;
}

describe("GET /auth/google", () => {
  test("redirects to Google with PKCE S256 and keeps state and verifier in 10-minute HttpOnly SameSite=Lax cookies", async () => {
    const { authorizationUrl, state, verifier } = await start();
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(google.env.GOOGLE_AUTH_URL!);
    const params = authorizationUrl.searchParams;
    expect(params.get("response_type")).toBe("code");
    expect(params.get("client_id")).toBe(google.clientId);
    expect(params.get("redirect_uri")).toBe("http://localhost:8000/auth/google/callback");
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("scope")!.split(" ")).toEqual(expect.arrayContaining(["openid", "email"]));
    expect(params.get("state")).toBe(state.value);
    const challenge = Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier.value))).toString("base64url");
    expect(params.get("code_challenge")).toBe(challenge);
    for (const cookie of [state, verifier]) {
      expect(cookie.value.length).toBeGreaterThanOrEqual(32);
      expect(cookie.attributes.httponly).toBe(true);
      expect(String(cookie.attributes.samesite).toLowerCase()).toBe("lax");
      expect(cookie.attributes["max-age"]).toBe("600");
      expect(cookie.attributes.path).toBe("/");
    }
    const again = await start();
    expect(again.state.value).not.toBe(state.value);
    expect(again.verifier.value).not.toBe(verifier.value);
  });
});

describe("GET /auth/google/callback", () => {
  test("missing or mismatched state → one generic 400, and the token endpoint is never called", async () => {
    const { authorizationUrl, state, verifier } = await start();
    const callbackPath = await authorize(authorizationUrl);
    const code = new URL(callbackPath, "http://x").searchParams.get("code")!;
    const calls = google.tokenCalls.length;
    const attempts = [
      { path: `/auth/google/callback?code=${encodeURIComponent(code)}`, cookie: cookieHeader(state, verifier) },
      { path: `/auth/google/callback?code=${encodeURIComponent(code)}&state=someone-elses-state`, cookie: cookieHeader(state, verifier) },
      { path: callbackPath, cookie: cookieHeader(verifier) },
      { path: callbackPath, cookie: cookieHeader(state) },
      { path: callbackPath, cookie: "" },
    ];
    const bodies = new Set<string>();
    for (const attempt of attempts) {
      const response = await t.request(attempt.path, { headers: { cookie: attempt.cookie } });
      expect(response.status).toBe(400);
      expect(setCookies(response).get("session")).toBeUndefined();
      expect(response.headers.get("content-type")).toContain("text/html");
      bodies.add(await response.text());
    }
    // The browser lands here: one HTML page, identical whichever check failed.
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).toContain("Sign-in failed. Please try again.");
    expect(google.tokenCalls.length).toBe(calls);
  });

  test("a good flow → session cookie (HttpOnly, SameSite=Lax, Path=/, Max-Age) and /me shows the user", async () => {
    const response = await fullFlow({ sub: "good-sub", email: "good@example.com" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/account");
    const cookies = setCookies(response);
    const session = cookies.get("session")!;
    expect(session.attributes.httponly).toBe(true);
    expect(String(session.attributes.samesite).toLowerCase()).toBe("lax");
    expect(session.attributes.path).toBe("/");
    expect(Number(session.attributes["max-age"])).toBe(30 * 86400);
    expect(session.attributes.secure).toBeUndefined();
    // The one-time OAuth cookies are cleared.
    expect(cookies.get("google_oauth_state")?.value ?? "").toBe("");
    const me = await (await t.request("/me", { headers: { cookie: cookieHeader(session) } })).json();
    expect(me).toMatchObject({ email: "good@example.com", credits: 0, lifetime_spend_cents: 0, unlocked: false, library_access: false });
    expect(typeof me.user_id).toBe("number");
    const issued = google.tokenCalls.at(-1)!;
    expect(issued.outcome).toBe("issued");
    expect(issued.params.get("code_verifier")).toBeTruthy();
  });

  test("the same Google account (by sub) is the same user even when its email changes", async () => {
    const first = setCookies(await fullFlow({ sub: "stable-sub", email: "old@example.com" })).get("session")!;
    const second = setCookies(await fullFlow({ sub: "stable-sub", email: "new@example.com" })).get("session")!;
    const a = await (await t.request("/me", { headers: { cookie: cookieHeader(first) } })).json();
    const b = await (await t.request("/me", { headers: { cookie: cookieHeader(second) } })).json();
    expect(b.user_id).toBe(a.user_id);
    expect(b.email).toBe("new@example.com");
    expect(second.value).not.toBe(first.value);
  });

  const rejected: [string, IdTokenClaims][] = [
    ["wrong aud", { aud: "someone-else.apps.googleusercontent.com" }],
    ["wrong iss", { iss: "https://evil.example" }],
    ["expired", { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }],
    ["unverified email", { email_verified: false }],
  ];
  for (const [name, claims] of rejected) {
    test(`an ID token with ${name} → 400 and no session`, async () => {
      const users = userCount();
      const response = await fullFlow({ sub: `rejected-${name}`, ...claims });
      expect(response.status).toBe(400);
      expect(setCookies(response).get("session")).toBeUndefined();
      expect(google.tokenCalls.at(-1)!.outcome).toBe("issued");
      expect(userCount()).toBe(users);
    });
  }

  test("a code replayed (or a verifier that does not match) gets no session", async () => {
    const { authorizationUrl, state, verifier } = await start();
    const callbackPath = await authorize(authorizationUrl);
    const forged = { ...verifier, value: "a".repeat(43) };
    using logs = captureLogs(/^Google sign-in refused/);
    const response = await t.request(callbackPath, { headers: { cookie: cookieHeader(state, forged) } });
    expect(response.status).toBe(400);
    expect(logs.lines).toEqual(["Google sign-in refused: OAuth request error: invalid_grant"]);
    expect(google.tokenCalls.at(-1)!.outcome).toBe("refused");
    expect(setCookies(response).get("session")).toBeUndefined();
  });
});

describe("POST /auth/google (Google Identity Services)", () => {
  function post(credential: string, headers: Record<string, string> = { origin: "http://localhost" }) {
    return t.request("/auth/google", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ credential }) });
  }

  test("a valid ID token signs in", async () => {
    const response = await post(await google.signIdToken({ sub: "gis-sub", email: "gis@example.com" }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.email).toBe("gis@example.com");
    const session = setCookies(response).get("session")!;
    expect(session.attributes.httponly).toBe(true);
    expect((await (await t.request("/me", { headers: { cookie: cookieHeader(session) } })).json()).user_id).toBe(body.user_id);
  });

  const bad: [string, () => Promise<string>][] = [
    ["signed with a key Google does not publish", () => google.signIdToken({}, { foreignKey: true })],
    ["for another client", () => google.signIdToken({ aud: "other-client" })],
    ["from another issuer", () => google.signIdToken({ iss: "https://accounts.evil.example" })],
    ["expired", () => google.signIdToken({ exp: Math.floor(Date.now() / 1000) - 60 })],
    ["with an unverified email", () => google.signIdToken({ email_verified: false })],
  ];
  for (const [name, token] of bad) {
    test(`an ID token ${name} → 401, no session`, async () => {
      const response = await post(await token());
      expect(response.status).toBe(401);
      expect(setCookies(response).get("session")).toBeUndefined();
    });
  }

  test("a foreign or missing Origin → 403 before anything is verified", async () => {
    const credential = await google.signIdToken({ sub: "csrf-sub" });
    const users = userCount();
    expect((await post(credential, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post(credential, {})).status).toBe(403);
    expect(userCount()).toBe(users);
  });
});

describe("return path through Google", () => {
  test("sign-in started from a page comes back to it", async () => {
    const response = await t.request(`/auth/google?next=${encodeURIComponent("/studio?style=ink wash")}`);
    const cookies = setCookies(response);
    const next = cookies.get("sign_in_next")!;
    expect(next.attributes.httponly).toBe(true);
    const callbackPath = await authorize(new URL(response.headers.get("location")!));
    const callback = await t.request(callbackPath, { headers: { cookie: cookieHeader(cookies.get("google_oauth_state"), cookies.get("google_code_verifier"), next) } });
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/studio?style=ink%20wash");
    expect(setCookies(callback).get("session")).toBeDefined();
  });

  test("an unsafe return path, asked for or forged in the cookie, lands on /account", async () => {
    const asked = await t.request(`/auth/google?next=${encodeURIComponent("//evil.example/")}`);
    expect(setCookies(asked).get("sign_in_next")?.value ?? "").toBe("");
    const { authorizationUrl, state, verifier } = await start();
    const callbackPath = await authorize(authorizationUrl);
    const forged = { name: "sign_in_next", value: encodeURIComponent("/\\evil.example"), attributes: {} };
    const callback = await t.request(callbackPath, { headers: { cookie: cookieHeader(state, verifier, forged) } });
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/account");
  });
});

describe("Google not configured", () => {
  test("the callback answers 503 like /auth/google, without calling the token endpoint", async () => {
    const { GOOGLE_CLIENT_ID: _id, GOOGLE_CLIENT_SECRET: _secret, ...endpoints } = google.env as Record<string, string>;
    const unconfigured = createTestApp({ ...endpoints, RATE_LIMIT_AUTH_PER_MINUTE: "100000" });
    try {
      // A real code, state and verifier from the configured app: everything but the configuration is right.
      const { authorizationUrl, state, verifier } = await start();
      const callbackPath = await authorize(authorizationUrl);
      const calls = google.tokenCalls.length;
      expect((await unconfigured.request("/auth/google")).status).toBe(503);
      const callback = await unconfigured.request(callbackPath, { headers: { cookie: cookieHeader(state, verifier) } });
      expect(callback.status).toBe(503);
      expect(await callback.text()).toContain("Google sign-in is not configured on this server.");
      expect(google.tokenCalls.length).toBe(calls);
    } finally {
      unconfigured.cleanup();
    }
  });
});
