// The auth plugin: resolves the signed-in user from the session cookie (a JWT naming a server-side session).
// Scoped, so every feature that uses it gets `user` (null when signed out) and the cookie helpers.
import { jwt } from "@elysiajs/jwt";
import type { Database } from "bun:sqlite";
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

function sessionJwtPlugin(config: Config) {
  return jwt({ name: "sessionJwt", secret: config.secretKey, exp: `${SESSION_DAYS}d` });
}

type SessionJwt = ReturnType<typeof sessionJwtPlugin>["decorator"]["sessionJwt"];
type Cookies = Record<string, { value: unknown; set(options: object): unknown; remove(): unknown }>;

async function loadSessionUser(cookie: Cookies, sessionJwt: SessionJwt, sqlite: Database, config: Config): Promise<SessionUser | null> {
  const raw = cookie[SESSION_COOKIE]?.value;
  if (typeof raw !== "string" || !raw) return null;
  const claims = await sessionJwt.verify(raw);
  if (!claims || typeof claims.sid !== "string") return null;
  const session = resolveSession(sqlite, claims.sid);
  if (!session) {
    cookie[SESSION_COOKIE]!.remove();
    return null;
  }
  if (session.extended) {
    cookie[SESSION_COOKIE]!.set({ value: await sessionJwt.sign({ sid: claims.sid }), ...sessionCookieOptions(config) });
  }
  return session.user;
}

export function authPlugin(setup: ReturnType<typeof setupPlugin>, config: Config) {
  return new Elysia({ name: "auth" })
    .use(setup)
    .use(sessionJwtPlugin(config))
    .resolve({ as: "scoped" }, async ({ cookie, sessionJwt, sqlite }) => ({
      user: await loadSessionUser(cookie as Cookies, sessionJwt, sqlite, config),
    }));
}

/**
 * The same session, read only when a route asks (`loadUser()`): for routes like images where most requests
 * are public and need no cookie work at all.
 */
export function lazyAuthPlugin(setup: ReturnType<typeof setupPlugin>, config: Config) {
  return new Elysia({ name: "lazy-auth" })
    .use(setup)
    .use(sessionJwtPlugin(config))
    .derive({ as: "scoped" }, ({ cookie, sessionJwt, sqlite }) => {
      let user: Promise<SessionUser | null> | undefined;
      return { loadUser: () => (user ??= loadSessionUser(cookie as Cookies, sessionJwt, sqlite, config)) };
    });
}

/** For API routes: the signed-in user, or 401. */
export function requireUser(user: SessionUser | null): SessionUser {
  if (!user) throw new HttpError(401, "Sign in to do this.");
  return user;
}
