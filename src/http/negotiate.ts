// Decides whether a client wants JSON or an HTML page, for routes and errors that can answer both.
export function prefersJson(request: Request): boolean {
  const accept = request.headers.get("accept") ?? "";
  if (accept.includes("text/html")) return false;
  return accept.includes("application/json") || accept.includes("+json");
}

/** Paths of the JSON API: their errors are JSON whatever the Accept header says. */
const API_PATH =
  /^\/(?:(?:health|search|styles|default|render|me|docs\/json|checkout|webhook|upload|apply-style|matrix)(?:\/|$|\?)|auth\/(?:google|dev|logout)(?:$|\?))/;

export function isApiRequest(request: Request): boolean {
  const url = request.url;
  const path = url.slice(url.indexOf("/", url.indexOf("//") + 2));
  return API_PATH.test(path) || prefersJson(request);
}
