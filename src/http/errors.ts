// One error policy for the whole app: a global handler that answers JSON or an HTML page (by what the route
// declares it answers, or by negotiation), logging 5xx with a request id and never leaking a stack.
import { Elysia } from "elysia";
import { renderErrorPage } from "../ui/error-page";
import { HttpError } from "./http-error";
import { wantsJson } from "./negotiate";
import { SECURITY_HEADERS } from "./security-headers";
import { log } from "../log";
import { htmlResponse } from "./html";
import { StoreUnavailableError } from "../storage/store";

export function errorResponse(
  request: Request,
  status: number,
  message: string,
  details?: Record<string, unknown>,
  extraHeaders?: Record<string, string>,
  routeAnswersJson?: boolean,
): Response {
  const headers: Record<string, string> = { ...SECURITY_HEADERS, "cache-control": "no-store", ...extraHeaders };
  if (wantsJson(request, routeAnswersJson)) {
    headers["content-type"] = "application/json";
    return new Response(JSON.stringify({ error: message, status, ...details }), { status, headers });
  }
  const pricing = details?.pricing === "/pricing" ? "/pricing" : undefined;
  return htmlResponse(renderErrorPage(status, message, pricing ? { href: pricing, label: "See pricing" } : undefined), { status, headers });
}

interface ValidationIssue {
  path?: string;
  summary?: string;
  message?: string;
}

function describeValidation(error: { customError?: unknown; all?: ValidationIssue[] }): string {
  if (typeof error.customError === "string") return error.customError;
  const first = error.all?.[0];
  if (!first) return "The request is not valid";
  const field = first.path?.replace(/^\//, "").replace(/\//g, ".") || "request";
  return `${field}: ${first.summary ?? first.message ?? "invalid value"}`;
}

interface RouteInfo {
  method: string;
  path: string;
  hooks: { detail?: unknown };
}

/**
 * The global error handler. `routes` is read once, on the first error, when every route is registered: the
 * routes that declared they answer JSON get JSON errors whatever the Accept header says (form posts excepted).
 */
export function errorHandling(routes: () => readonly RouteInfo[]) {
  let jsonRoutes: Set<string> | undefined;
  const answersJson = (method: string, route: string | undefined) => {
    jsonRoutes ??= new Set(
      routes()
        .filter((r) => (r.hooks.detail as Record<string, unknown> | undefined)?.["x-answers"] === "json")
        .map((r) => `${r.method} ${r.path}`),
    );
    return route ? jsonRoutes.has(`${method === "HEAD" ? "GET" : method} ${route}`) : undefined;
  };
  return new Elysia({ name: "error-handling" })
    .error({ HttpError })
    .onError({ as: "global" }, ({ code, error, request, route }) => {
      const response = answerError(code, error, request, route);
      answeredStatuses.set(request, response.status);
      return response;
    });

  function answerError(code: unknown, error: unknown, request: Request, route: string): Response {
    const json = answersJson(request.method, route);
    // A parse hook's own HttpError (401 before the body, 413, 408) arrives wrapped in Elysia's ParseError.
    const cause = code === "PARSE" ? (error as { cause?: unknown }).cause : undefined;
    const known = error instanceof HttpError ? error : cause instanceof HttpError ? cause : undefined;
    // A sign-in redirect decided before the body was read (see the auth option's gate).
    if (known && known.status >= 300 && known.status < 400) {
      return new Response(null, { status: known.status, headers: { ...SECURITY_HEADERS, "cache-control": "no-store", ...known.headers } });
    }
    if (known) return errorResponse(request, known.status, known.message, known.details, known.headers, json);
    // A body the handler built that the route's declared schema refuses is the server's fault, not the request's.
    if (code === "VALIDATION" && (error as { type?: string }).type === "response") return serverFault(error, request, json);
    switch (code) {
      case "NOT_FOUND":
        return errorResponse(request, 404, "We couldn’t find that page.", undefined, undefined, json);
      case "VALIDATION":
        return errorResponse(request, 400, describeValidation(error as { customError?: unknown; all?: ValidationIssue[] }), undefined, undefined, json);
      case "PARSE":
        return errorResponse(request, 400, "The request body could not be parsed", undefined, undefined, json);
      case "INVALID_COOKIE_SIGNATURE":
        return errorResponse(request, 400, "Invalid cookie", undefined, undefined, json);
    }
    if (typeof (error as { status?: unknown }).status === "number") {
      const status = (error as { status: number }).status;
      if (status >= 400 && status < 500) return errorResponse(request, status, (error as Error).message || "Bad request", undefined, undefined, json);
    }
    // The image store's message says what is wrong (endpoint, credentials, bucket); its stack would add nothing.
    if (error instanceof StoreUnavailableError) {
      const requestId = crypto.randomUUID();
      log.error(`[${requestId}] ${request.method} ${new URL(request.url).pathname} failed: ${error.message}`);
      return errorResponse(request, 503, `Stored images are unavailable right now; try again shortly (request ${requestId}).`, undefined, { "retry-after": "30" }, json);
    }
    return serverFault(error, request, json);
  }
}

function serverFault(error: unknown, request: Request, json: boolean | undefined): Response {
  const requestId = crypto.randomUUID();
  log.error(`[${requestId}] ${request.method} ${new URL(request.url).pathname} failed:`, error);
  return errorResponse(request, 500, `An unexpected error occurred (request ${requestId}).`, undefined, undefined, json);
}

// The status an error was answered with, for the request log (its after-response hook does not see that response).
const answeredStatuses = new WeakMap<Request, number>();

export function errorStatusOf(request: Request): number | undefined {
  return answeredStatuses.get(request);
}
