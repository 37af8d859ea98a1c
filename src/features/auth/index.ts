// Sign-in routes: Google OAuth (PKCE) and Google Identity Services tokens, dev sign-in, logout, and /me.
import { Elysia } from "elysia";
import type { Config } from "../../config";
import { HttpError } from "../../http/http-error";
import { isFormPost, seeOther } from "../../http/negotiate";
import type { setupPlugin } from "../../http/setup";
import { accountSummary } from "../billing/ledger";
import { createGoogleAuthorization, exchangeGoogleCode } from "./google-oauth";
import { InvalidIdTokenError, verifyGoogleIdToken } from "./id-token";
import { callbackQuery, devSignInBody, googleIdTokenBody, signInQuery } from "./model";
import { authPlugin, SESSION_COOKIE, sessionCookieOptions } from "./plugin";
import { safeReturnPath } from "./return-path";
import { createSession, grantAdminByEmail, revokeSession, upsertDevUser, upsertGoogleUser } from "./service";
import { renderSignInPage } from "./views";
import { log } from "../../log";
import { BODY_ERRORS, jsonAnswers } from "../../http/responses";
import { me, signedIn, signedOut } from "./responses";
import { htmlResponse } from "../../http/html";

const OAUTH_STATE_COOKIE = "google_oauth_state";
const OAUTH_VERIFIER_COOKIE = "google_code_verifier";
/** Where to go after Google sign-in: kept beside the OAuth state, checked again when used. */
const RETURN_PATH_COOKIE = "sign_in_next";
const AFTER_SIGN_IN = "/account";
const SIGN_IN_FAILED = "Sign-in failed. Please try again.";


function oauthCookieOptions(config: Config) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: 600, secure: config.isProduction };
}

function googleNotConfigured(config: Config): void {
  if (!config.google.clientId) throw new HttpError(503, "Google sign-in is not configured on this server.");
}

export function authFeature(setup: ReturnType<typeof setupPlugin>, config: Config) {
  return new Elysia({ name: "auth-routes" })
    .use(authPlugin(setup, config))
    .derive(({ cookie, sessionJwt, data }) => ({
      /** Starts a new session for `userId` and sets its cookie. */
      async signIn(userId: number) {
        await grantAdminByEmail(data, userId, config.adminEmails);
        const token = await createSession(data, userId);
        cookie[SESSION_COOKIE]!.set({ value: await sessionJwt.sign({ sid: token }), ...sessionCookieOptions(config) });
      },
    }))
    .get(
      "/sign-in",
      ({ query }) =>
        htmlResponse(renderSignInPage({ google: Boolean(config.google.clientId), dev: config.devLogin, next: safeReturnPath(query.next) })),
      { query: signInQuery, detail: { summary: "Sign-in page (HTML); `next` is the same-site path to return to" } },
    )
    .get(
      "/auth/google",
      async ({ query, cookie, redirect }) => {
        googleNotConfigured(config);
        const { url, state, codeVerifier } = await createGoogleAuthorization(config);
        cookie[OAUTH_STATE_COOKIE]!.set({ value: state, ...oauthCookieOptions(config) });
        cookie[OAUTH_VERIFIER_COOKIE]!.set({ value: codeVerifier, ...oauthCookieOptions(config) });
        const next = safeReturnPath(query.next);
        if (next) cookie[RETURN_PATH_COOKIE]!.set({ value: next, ...oauthCookieOptions(config) });
        else cookie[RETURN_PATH_COOKIE]!.remove();
        return redirect(url.toString(), 302);
      },
      {
        query: signInQuery,
        rateLimit: "auth",
        detail: { summary: "Redirects to Google's sign-in (state and PKCE verifier in short-lived cookies)" },
      },
    )
    .get(
      "/auth/google/callback",
      async ({ query, cookie, redirect, data, signIn }) => {
        // Before the cookies are read or Google's token endpoint is called: nothing to check against.
        googleNotConfigured(config);
        const next = safeReturnPath(typeof cookie[RETURN_PATH_COOKIE]?.value === "string" ? cookie[RETURN_PATH_COOKIE].value : null);
        cookie[RETURN_PATH_COOKIE]!.remove();
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
        await signIn(await upsertGoogleUser(data, identity));
        return redirect(next ?? AFTER_SIGN_IN, 302);
      },
      { query: callbackQuery, rateLimit: "auth", detail: { summary: "Google redirects back here; validates state and PKCE, verifies the ID token" } },
    )
    .post(
      "/auth/google",
      async ({ request, body, data, signIn }) => {
        let identity;
        try {
          identity = await verifyGoogleIdToken(config, body.credential);
        } catch {
          throw new HttpError(401, SIGN_IN_FAILED);
        }
        const userId = await upsertGoogleUser(data, identity);
        await signIn(userId);
        return isFormPost(request) ? seeOther(safeReturnPath(body.next) ?? AFTER_SIGN_IN) : { user_id: userId, email: identity.email };
      },
      { api: true, rateLimit: "auth", bodyLimit: "json", body: googleIdTokenBody, response: jsonAnswers({ 200: signedIn }, [...BODY_ERRORS, 401, 429]), detail: { summary: "Signs in with a Google Identity Services ID token" } },
    )
    .post(
      "/auth/dev",
      async ({ request, body, data, signIn }) => {
        if (!config.devLogin) throw new HttpError(404, "Not found");
        const userId = await upsertDevUser(data, body.email);
        await signIn(userId);
        return isFormPost(request) ? seeOther(safeReturnPath(body.next) ?? AFTER_SIGN_IN) : { user_id: userId, email: body.email.toLowerCase() };
      },
      { api: true, rateLimit: "auth", bodyLimit: "json", body: devSignInBody, response: jsonAnswers({ 200: signedIn }, [...BODY_ERRORS, 404, 429]), detail: { summary: "Development only: signs in a local user by email" } },
    )
    .post(
      "/auth/logout",
      async ({ request, user, cookie, data }) => {
        if (user) await revokeSession(data, user.sessionId);
        cookie[SESSION_COOKIE]!.remove();
        return isFormPost(request) ? seeOther("/") : { signed_out: true as const };
      },
      { api: true, bodyLimit: "json", response: jsonAnswers({ 200: signedOut }, BODY_ERRORS), detail: { summary: "Revokes the session" } },
    )
    .get(
      "/me",
      async ({ user, data, set }) => {
        set.headers["cache-control"] = "private, no-store";
        if (!user) return { user_id: null, email: null, credits: 0, lifetime_spend_cents: 0, unlocked: false, library_access: false };
        return { user_id: user.id, email: user.email, ...(await accountSummary(data, config, user.id)) };
      },
      { api: true, response: jsonAnswers({ 200: me }, [401, 403]), detail: { summary: "The signed-in user, credits, lifetime spend and access (nulls and zeros when signed out)" } },
    );
}
