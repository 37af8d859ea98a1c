// Decides whether a client wants JSON or an HTML page, for routes and errors that can answer both.
import type { DocumentDecoration } from "elysia";

export function prefersJson(request: Request): boolean {
  const accept = request.headers.get("accept") ?? "";
  if (accept.includes("text/html")) return false;
  return accept.includes("application/json") || accept.includes("+json");
}

/** The OpenAPI extension a route's `detail` carries when it answers JSON (set by the `api` and `auth: "api"` options). */
export const ANSWERS_JSON = { "x-answers": "json" } as DocumentDecoration;

/** A browser form submission: answered with a redirect on success and an HTML page on error. */
export function isFormPost(request: Request): boolean {
  const type = request.headers.get("content-type") ?? "";
  return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
}

/**
 * JSON or HTML for an answer (errors mostly): the client's Accept first, then a form post gets HTML, then what
 * the route declared it answers; with no route known (404, the origin check), a JSON body asks for JSON.
 */
export function wantsJson(request: Request, routeAnswersJson?: boolean): boolean {
  if (prefersJson(request)) return true;
  if (isFormPost(request)) return false;
  if (routeAnswersJson !== undefined) return routeAnswersJson;
  return (request.headers.get("content-type") ?? "").startsWith("application/json");
}

/**
 * The 303 a form post gets once it worked. Typed `never` so a JSON route's handler keeps its declared body as its
 * return type (Elysia sends a Response as it is: it checks only the bodies a handler builds against the schema).
 */
export function seeOther(location: string): never {
  return Response.redirect(location, 303) as never;
}
