// Server-side sessions: logout revokes the cookie's session, every sign-in is a new session, state-changing
// requests need our own Origin, and sign-in is rate limited.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startFakeGoogle, type FakeGoogle } from "../fakes/google-server";
import { expectNoExternalRequests, installNetworkGuard, type NetworkGuard } from "../helpers/network-guard";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { ORIGIN, sessionCookie, setCookies } from "../helpers/sign-in";

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

async function signIn(sub: string): Promise<string> {
  const response = await t.request("/auth/google", {
    method: "POST",
    headers: { origin: ORIGIN, "content-type": "application/json" },
    body: JSON.stringify({ credential: await google.signIdToken({ sub, email: `${sub}@example.com` }) }),
  });
  expect(response.status).toBe(200);
  return sessionCookie(response);
}

async function whoAmI(cookie: string): Promise<number | null> {
  const response = await t.request("/me", { headers: { cookie } });
  expect(response.headers.get("cache-control")).toContain("no-store");
  return (await response.json()).user_id;
}

describe("POST /auth/logout", () => {
  test("revokes the session: the old cookie, sent again, is signed out", async () => {
    const cookie = await signIn("logout-sub");
    const userId = await whoAmI(cookie);
    expect(userId).toBeNumber();
    const response = await t.request("/auth/logout", { method: "POST", headers: { origin: ORIGIN, cookie } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ signed_out: true });
    const cleared = setCookies(response).get("session")!;
    expect(cleared.value).toBe("");
    expect(await whoAmI(cookie)).toBeNull();
    expect(t.sqlite.query("SELECT count(*) AS n FROM sessions WHERE user_id = ?").get(userId!)).toEqual({ n: 0 });
  });

  test("each sign-in is its own session: signing out one leaves the other", async () => {
    const laptop = await signIn("two-devices");
    const phone = await signIn("two-devices");
    expect(laptop).not.toBe(phone);
    await t.request("/auth/logout", { method: "POST", headers: { origin: ORIGIN, cookie: laptop } });
    expect(await whoAmI(laptop)).toBeNull();
    expect(await whoAmI(phone)).toBeNumber();
  });

  test("a form post is sent home", async () => {
    const cookie = await signIn("form-logout");
    const response = await t.request("/auth/logout", {
      method: "POST",
      headers: { origin: ORIGIN, cookie, "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    expect(await whoAmI(cookie)).toBeNull();
  });

  test("a foreign or missing Origin → 403 and the session survives", async () => {
    const cookie = await signIn("csrf-logout");
    for (const headers of [{ origin: "https://evil.example", cookie }, { cookie }] as Record<string, string>[]) {
      const response = await t.request("/auth/logout", { method: "POST", headers });
      expect(response.status).toBe(403);
    }
    expect(await whoAmI(cookie)).toBeNumber();
  });

  test("a forged or tampered cookie is simply signed out", async () => {
    const cookie = await signIn("tamper");
    const tampered = cookie.slice(0, -4) + (cookie.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(await whoAmI(tampered)).toBeNull();
    expect(await whoAmI("session=not-a-jwt")).toBeNull();
  });
});

describe("GET /me", () => {
  test("signed out → nulls and zeros", async () => {
    const response = await t.request("/me");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user_id: null, email: null, credits: 0, lifetime_spend_cents: 0, unlocked: false, library_access: false });
  });
});

describe("rate limits", () => {
  test("sign-in beyond the per-minute limit → 429 with Retry-After", async () => {
    const limited = createTestApp({ ...google.env, RATE_LIMIT_AUTH_PER_MINUTE: "3" });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await limited.request("/auth/google");
        statuses.push(last.status);
      }
      expect(statuses).toEqual([302, 302, 302, 429]);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      const post = await limited.request("/auth/google", {
        method: "POST",
        headers: { origin: ORIGIN, "content-type": "application/json" },
        body: JSON.stringify({ credential: await google.signIdToken() }),
      });
      expect(post.status).toBe(429);
      expect(setCookies(post).get("session")).toBeUndefined();
    } finally {
      limited.cleanup();
    }
  });
});
