// Headers a hook put in Elysia's `set.headers` (request id, HSTS), written onto a Response the route returned.
// Elysia would merge them itself by copying the whole Response (new Headers, new Response) on every request;
// writing them in place gives the same headers — the Response's own still win — without the copy.

/** Moves `set.headers` onto `response` where it has no such header; Set-Cookie is left for Elysia to append. */
export function moveSetHeaders(response: Response, setHeaders: Record<string, string | string[] | number>): void {
  const headers = response.headers;
  for (const name in setHeaders) {
    if (name === "set-cookie") continue;
    if (!headers.has(name)) headers.set(name, String(setHeaders[name]));
    delete setHeaders[name];
  }
}
