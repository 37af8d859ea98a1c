// Reads Set-Cookie headers the way a browser would need them: value plus attributes, and a Cookie header to send back.

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
