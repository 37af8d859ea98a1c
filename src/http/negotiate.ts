// Decides whether a client wants JSON or an HTML page, for routes and errors that can answer both.
export function prefersJson(request: Request): boolean {
  const accept = request.headers.get("accept") ?? "";
  if (accept.includes("text/html")) return false;
  return accept.includes("application/json") || accept.includes("+json");
}

/** Paths of the JSON API: their errors are JSON whatever the Accept header says. */
const API_PATH =
  /^\/(?:(?:health|search|styles|default|render|me|docs\/json|checkout|webhook|upload|apply-style|matrix)(?:\/|$|\?)|auth\/(?:google|dev|logout)(?:$|\?))/;

/** A browser form submission: answered with a redirect on success and an HTML page on error. */
export function isFormPost(request: Request): boolean {
  const type = request.headers.get("content-type") ?? "";
  return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
}

export function isApiRequest(request: Request): boolean {
  if (prefersJson(request)) return true;
  if (isFormPost(request)) return false;
  const url = request.url;
  const path = url.slice(url.indexOf("/", url.indexOf("//") + 2));
  return API_PATH.test(path);
}
