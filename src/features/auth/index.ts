// Sign-in routes: Google OAuth (PKCE) and Google Identity Services tokens, dev sign-in, logout, and /me.
import { Elysia } from "elysia";
import type { Config } from "../../config";
import { HttpError } from "../../http/errors";
import { isFormPost } from "../../http/negotiate";
import { clientAddress, type RateLimiter } from "../../http/rate-limit";
import type { setupPlugin } from "../../http/setup";
import { accountSummary } from "../billing/ledger";
import { createGoogleAuthorization, exchangeGoogleCode } from "./google-oauth";
import { InvalidIdTokenError, verifyGoogleIdToken } from "./id-token";
import { callbackQuery, devSignInBody, googleIdTokenBody } from "./model";
import { authPlugin, SESSION_COOKIE, sessionCookieOptions } from "./plugin";
import { createSession, revokeSession, upsertDevUser, upsertGoogleUser } from "./service";
import { renderSignInPage } from "./views";
import { log } from "../../log";

const OAUTH_STATE_COOKIE = "google_oauth_state";
const OAUTH_VERIFIER_COOKIE = "google_code_verifier";
const SIGN_IN_FAILED = "Sign-in failed. Please try again.";


function oauthCookieOptions(config: Config) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: 600, secure: config.isProduction };
}

export function authFeature(setup: ReturnType<typeof setupPlugin>, config: Config, limiter: RateLimiter) {
  return new Elysia({ name: "auth-routes" })
    .use(authPlugin(setup, config))
    .derive(({ cookie, sessionJwt, sqlite }) => ({
      /** Starts a new session for `userId` and sets its cookie. */
      async signIn(userId: number) {
        const token = createSession(sqlite, userId);
        cookie[SESSION_COOKIE]!.set({ value: await sessionJwt.sign({ sid: token }), ...sessionCookieOptions(config) });
      },
    }))
    .get(
      "/sign-in",
      () => new Response(renderSignInPage({ google: Boolean(config.google.clientId), dev: config.devLogin }), { headers: { "content-type": "text/html; charset=utf-8" } }),
      { detail: { summary: "Sign-in page (HTML)" } },
    )
    .get(
      "/auth/google",
      async ({ request, server, cookie, redirect }) => {
        limiter.hit("auth", clientAddress(server, request), config.rateLimits.auth);
        if (!config.google.clientId) throw new HttpError(503, "Google sign-in is not configured on this server.");
        const { url, state, codeVerifier } = await createGoogleAuthorization(config);
        cookie[OAUTH_STATE_COOKIE]!.set({ value: state, ...oauthCookieOptions(config) });
        cookie[OAUTH_VERIFIER_COOKIE]!.set({ value: codeVerifier, ...oauthCookieOptions(config) });
        return redirect(url.toString(), 302);
      },
      { detail: { summary: "Redirects to Google's sign-in (state and PKCE verifier in short-lived cookies)" } },
    )
    .get(
      "/auth/google/callback",
      async ({ request, server, query, cookie, redirect, sqlite, signIn }) => {
        limiter.hit("auth", clientAddress(server, request), config.rateLimits.auth);
        const expectedState = cookie[OAUTH_STATE_COOKIE]?.value;
        const verifier = cookie[OAUTH_VERIFIER_COOKIE]?.value;
        cookie[OAUTH_STATE_COOKIE]!.remove();
        cookie[OAUTH_VERIFIER_COOKIE]!.remove();
        // One generic answer for every mismatch: nothing here tells an attacker which check failed.
        if (!query.code || !query.state || typeof expectedState !== "string" || typeof verifier !== "string" || query.state !== expectedState) {
          throw new HttpError(400, SIGN_IN_FAILED);
        }
        let identity;
        try {
          identity = await verifyGoogleIdToken(config, await exchangeGoogleCode(config, query.code, verifier));
        } catch (error) {
          // Expected now and then (a replayed code, a stale tab): one line, no stack.
          if (!(error instanceof InvalidIdTokenError)) log.warn(`Google sign-in refused: ${error instanceof Error ? error.message : error}`);
          throw new HttpError(400, SIGN_IN_FAILED);
        }
        await signIn(upsertGoogleUser(sqlite, identity));
        return redirect("/account", 302);
      },
      { query: callbackQuery, detail: { summary: "Google redirects back here; validates state and PKCE, verifies the ID token" } },
    )
    .post(
      "/auth/google",
      async ({ request, server, body, redirect, sqlite, signIn }) => {
        limiter.hit("auth", clientAddress(server, request), config.rateLimits.auth);
        let identity;
        try {
          identity = await verifyGoogleIdToken(config, body.credential);
        } catch {
          throw new HttpError(401, SIGN_IN_FAILED);
        }
        const userId = upsertGoogleUser(sqlite, identity);
        await signIn(userId);
        return isFormPost(request) ? redirect("/account", 303) : { user_id: userId, email: identity.email };
      },
      { body: googleIdTokenBody, detail: { summary: "Signs in with a Google Identity Services ID token" } },
    )
    .post(
      "/auth/dev",
      async ({ request, server, body, redirect, sqlite, signIn }) => {
        if (!config.devLogin) throw new HttpError(404, "Not found");
        limiter.hit("auth", clientAddress(server, request), config.rateLimits.auth);
        const userId = upsertDevUser(sqlite, body.email);
        await signIn(userId);
        return isFormPost(request) ? redirect("/account", 303) : { user_id: userId, email: body.email.toLowerCase() };
      },
      { body: devSignInBody, detail: { summary: "Development only: signs in a local user by email" } },
    )
    .post(
      "/auth/logout",
      ({ request, user, cookie, redirect, sqlite }) => {
        if (user) revokeSession(sqlite, user.sessionId);
        cookie[SESSION_COOKIE]!.remove();
        return isFormPost(request) ? redirect("/", 303) : { signed_out: true };
      },
      { detail: { summary: "Revokes the session" } },
    )
    .get(
      "/me",
      ({ user, sqlite, set }) => {
        set.headers["cache-control"] = "private, no-store";
        if (!user) return { user_id: null, email: null, credits: 0, lifetime_spend_cents: 0, unlocked: false, library_access: false };
        return { user_id: user.id, email: user.email, ...accountSummary(sqlite, config, user.id) };
      },
      { detail: { summary: "The signed-in user, credits, lifetime spend and access (nulls and zeros when signed out)" } },
    );
}
