// The auth plugin: resolves the signed-in user from the session cookie (a JWT naming a server-side session), and
// the `auth` route option: `auth: "page" | "api" | "admin"` signs the visitor in or answers for them, before the
// body is read (on POST routes) and again before the handler, which then gets a non-null `user`.
import { jwt } from "@elysiajs/jwt";
import { Elysia, status } from "elysia";
import type { Config } from "../../config";
import type { Data } from "../../db/data";
import { HttpError } from "../../http/http-error";
import { ANSWERS_JSON, isFormPost, prefersJson } from "../../http/negotiate";
import type { setupPlugin } from "../../http/setup";
import { bearerToken, keyHolderOf } from "../api-keys/bearer";
import { signInPath } from "./return-path";
import { keyUser, resolveSession, SESSION_DAYS, type SessionUser } from "./service";

export const SESSION_COOKIE = "session";
const MAX_AGE_SECONDS = SESSION_DAYS * 86_400;

/**
 * - `page`: a signed-out visit is redirected to sign-in with its return path (JSON clients get 401);
 * - `api`: a signed-out request gets 401 (a plain HTML form is sent to sign-in); the route answers JSON;
 * - `admin`: only users with `is_admin`; everyone else gets the ordinary 404.
 */
export type AuthMode = "page" | "api" | "admin";

export function sessionCookieOptions(config: Config) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: MAX_AGE_SECONDS, secure: config.isProduction };
}

function sessionJwtPlugin(config: Config) {
  return jwt({ name: "sessionJwt", secret: config.secretKey, exp: `${SESSION_DAYS}d` });
}

type SessionJwt = ReturnType<typeof sessionJwtPlugin>["decorator"]["sessionJwt"];
type Cookies = Record<string, { value: unknown; set(options: object): unknown; remove(): unknown }>;

async function loadSessionUser(cookie: Cookies, sessionJwt: SessionJwt, data: Data, config: Config): Promise<SessionUser | null> {
  const raw = cookie[SESSION_COOKIE]?.value;
  if (typeof raw !== "string" || !raw) return null;
  const claims = await sessionJwt.verify(raw);
  if (!claims || typeof claims.sid !== "string") return null;
  const session = await resolveSession(data, claims.sid);
  if (!session) {
    cookie[SESSION_COOKIE]!.remove();
    return null;
  }
  if (session.extended) {
    cookie[SESSION_COOKIE]!.set({ value: await sessionJwt.sign({ sid: claims.sid }), ...sessionCookieOptions(config) });
  }
  return session.user;
}

// A request presenting an API key is that key's holder and nobody else: its cookie (if any) is never read, so a
// key request cannot borrow a browser session. The key was checked (and its scope) by admitKeyRequest.
function loadUser(request: Request, cookie: Cookies, sessionJwt: SessionJwt, data: Data, config: Config): Promise<SessionUser | null> {
  if (bearerToken(request) === null) return loadSessionUser(cookie, sessionJwt, data, config);
  const holder = keyHolderOf(request);
  return holder ? keyUser(data, holder.userId, holder.keyId) : Promise.resolve(null);
}

// One lookup per request, whether the body gate or the resolver asks first.
const sessions = new WeakMap<Request, Promise<SessionUser | null>>();

/** The user this request was signed in as, if anything on its way looked (for the request log); never loads a session. */
export async function signedInUserOf(request: Request): Promise<SessionUser | null> {
  return (await sessions.get(request)?.catch(() => null)) ?? null;
}

function sessionFor(request: Request, cookie: unknown, sessionJwt: SessionJwt, data: Data, config: Config) {
  let user = sessions.get(request);
  if (!user) sessions.set(request, (user = loadUser(request, cookie as Cookies, sessionJwt, data, config)));
  return user;
}

const NOT_FOUND = "We couldn’t find that page.";

/** Why `user` may not use a route in `mode`: the HttpError to throw, or a redirect (page visits), or null when allowed. */
function refusal(mode: AuthMode, user: SessionUser | null, request: Request): HttpError | string | null {
  if (mode === "admin") return user?.isAdmin ? null : new HttpError(404, NOT_FOUND);
  if (user) return null;
  if (mode === "page" && !prefersJson(request)) {
    const url = new URL(request.url);
    // A page visit comes back to itself; a form post cannot be replayed, so it lands on sign-in alone.
    return request.method === "GET" ? signInPath(url.pathname + url.search) : "/sign-in";
  }
  // A plain HTML form (a multipart upload comes from the studio's script, which reads the 401); a form that
  // cannot be replayed names in `?next=` the page that resumes it (pricing's Buy: the checkout page).
  if (mode === "api" && isFormPost(request) && !request.headers.get("content-type")?.startsWith("multipart/")) {
    return signInPath(new URL(request.url).searchParams.get("next"));
  }
  return new HttpError(401, "Sign in to do this.");
}

export function authPlugin(setup: ReturnType<typeof setupPlugin>, config: Config) {
  return new Elysia({ name: "auth" })
    .use(setup)
    .use(sessionJwtPlugin(config))
    .resolve({ as: "scoped" }, ({ request, cookie, sessionJwt, data }) => sessionFor(request, cookie, sessionJwt, data, config).then((user) => ({ user })))
    .macro({
      auth: (mode: AuthMode) => ({
        detail: mode === "api" ? ANSWERS_JSON : {},
        // Runs before the body is read (named: the route-options test checks it comes before the body reader).
        parse: async function signInGate({ request, cookie, sessionJwt, data }) {
          const refused = refusal(mode, await sessionFor(request, cookie, sessionJwt, data, config), request);
          if (refused instanceof HttpError) throw refused;
          // A redirect cannot be answered from a parse hook: the resolver below answers it without the body.
          if (refused) throw new HttpError(303, "Sign in first.", undefined, { location: refused });
        },
        // A GET has no body to parse: an admin route still answers 404 before its params or query are validated,
        // so a malformed /admin URL tells a non-admin nothing either.
        transform: async function adminGate({ request, cookie, sessionJwt, data }) {
          if (mode !== "admin") return;
          const refused = refusal(mode, await sessionFor(request, cookie, sessionJwt, data, config), request);
          if (refused instanceof HttpError) throw refused;
        },
        resolve({ request, user, set }) {
          const signedIn = user ?? null;
          const refused = refusal(mode, signedIn, request);
          if (refused instanceof HttpError) throw refused;
          if (refused) {
            set.headers.location = refused;
            return status(request.method === "GET" ? 302 : 303, "");
          }
          return { user: signedIn! };
        },
      }),
    });
}

/**
 * The same session, read only when a route asks (`loadUser()`): for routes like images where most requests
 * are public and need no cookie work at all.
 */
export function lazyAuthPlugin(setup: ReturnType<typeof setupPlugin>, config: Config) {
  return new Elysia({ name: "lazy-auth" })
    .use(setup)
    .use(sessionJwtPlugin(config))
    .derive({ as: "scoped" }, ({ request, cookie, sessionJwt, data }) => ({
      loadUser: () => sessionFor(request, cookie, sessionJwt, data, config),
    }));
}
