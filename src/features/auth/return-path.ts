// Where sign-in sends a visitor back to: only a path on this site, so `next` can never redirect elsewhere.
const MAX_RETURN_PATH = 1024;

/** `raw` when it is a same-site path ("/studio?style=x"), else null: refuses //host, /\host, schemes and control characters. */
export function safeReturnPath(raw: string | null | undefined): string | null {
  if (!raw || raw.length > MAX_RETURN_PATH) return null;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\")) return null;
  if (/[\u0000-\u001f\u007f]/.test(raw)) return null;
  // Browsers read some of these forms as another host; the parsed URL must still be on our placeholder origin.
  const base = "http://return.invalid";
  let parsed: URL;
  try {
    parsed = new URL(raw, base);
  } catch {
    return null;
  }
  if (parsed.origin !== base) return null;
  return parsed.pathname + parsed.search + parsed.hash;
}

/** The sign-in page, remembering where to come back to. */
export function signInPath(returnTo?: string | null): string {
  const next = safeReturnPath(returnTo);
  if (!next || next === "/sign-in") return "/sign-in";
  return `/sign-in?next=${encodeURIComponent(next).replace(/%2F/gi, "/").replace(/%3F/gi, "?")}`;
}
