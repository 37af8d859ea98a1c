// The auth plugin: resolves the signed-in user from the session cookie (a JWT naming a server-side session).
// Scoped, so every feature that uses it gets `user` (null when signed out) and the cookie helpers.
import { jwt } from "@elysiajs/jwt";
import { Elysia } from "elysia";
import type { Config } from "../../config";
import { HttpError } from "../../http/errors";
import type { setupPlugin } from "../../http/setup";
import { resolveSession, SESSION_DAYS, type SessionUser } from "./service";

export const SESSION_COOKIE = "session";
const MAX_AGE_SECONDS = SESSION_DAYS * 86_400;

export function sessionCookieOptions(config: Config) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: MAX_AGE_SECONDS, secure: config.isProduction };
}

export function authPlugin(setup: ReturnType<typeof setupPlugin>, config: Config) {
  return new Elysia({ name: "auth" })
    .use(setup)
    .use(jwt({ name: "sessionJwt", secret: config.secretKey, exp: `${SESSION_DAYS}d` }))
    .resolve({ as: "scoped" }, async ({ cookie, sessionJwt, sqlite }): Promise<{ user: SessionUser | null }> => {
      const raw = cookie[SESSION_COOKIE]?.value;
      if (typeof raw !== "string" || !raw) return { user: null };
      const claims = await sessionJwt.verify(raw);
      if (!claims || typeof claims.sid !== "string") return { user: null };
      const session = resolveSession(sqlite, claims.sid);
      if (!session) {
        cookie[SESSION_COOKIE]!.remove();
        return { user: null };
      }
      if (session.extended) {
        cookie[SESSION_COOKIE]!.set({ value: await sessionJwt.sign({ sid: claims.sid }), ...sessionCookieOptions(config) });
      }
      return { user: session.user };
    });
}

/** For API routes: the signed-in user, or 401. */
export function requireUser(user: SessionUser | null): SessionUser {
  if (!user) throw new HttpError(401, "Sign in to do this.");
  return user;
}
