// Signing in for tests: through the real dev sign-in route, and Set-Cookie headers read the way a browser keeps them.

export const ORIGIN = "http://localhost";

/** Anything that answers requests the way the app does (a TestApp, a TestEngine). */
export interface RequestsApp {
  request(path: string, init?: RequestInit): Promise<Response>;
}

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flags (HttpOnly) map to true. */
  attributes: Record<string, string | true>;
}

export function setCookies(response: Response): Map<string, SetCookie> {
  const cookies = new Map<string, SetCookie>();
  for (const header of response.headers.getSetCookie()) {
    const [pair, ...attributeParts] = header.split(";").map((part) => part.trim());
    const separator = pair!.indexOf("=");
    const attributes: Record<string, string | true> = {};
    for (const part of attributeParts) {
      const eq = part.indexOf("=");
      if (eq === -1) attributes[part.toLowerCase()] = true;
      else attributes[part.slice(0, eq).toLowerCase()] = part.slice(eq + 1);
    }
    cookies.set(pair!.slice(0, separator), { name: pair!.slice(0, separator), value: pair!.slice(separator + 1), attributes });
  }
  return cookies;
}

export function cookieHeader(...cookies: (SetCookie | undefined)[]): string {
  return cookies
    .filter((cookie): cookie is SetCookie => cookie !== undefined)
    .map((cookie) => `${cookie.name}=${cookie.value}`)
    .join("; ");
}

export function sessionCookie(response: Response): string {
  const session = setCookies(response).get("session");
  if (!session) throw new Error(`no session cookie (status ${response.status})`);
  return `session=${session.value}`;
}

/** Signs in through POST /auth/dev; returns the Cookie header value for later requests and the user's id. */
export async function signIn(t: RequestsApp, email: string): Promise<{ cookie: string; userId: number }> {
  // With BASE_URL set, only its origin may post.
  const origin = (t as { config?: { publicOrigin?: string } }).config?.publicOrigin ?? ORIGIN;
  const response = await t.request("/auth/dev", {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  if (response.status !== 200) throw new Error(`dev sign-in failed: ${response.status} ${await response.text()}`);
  const { user_id } = (await response.json()) as { user_id: number };
  return { cookie: sessionCookie(response), userId: user_id };
}
