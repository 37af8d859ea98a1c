// One error policy for the whole app: a named HttpError for 4xx, and a global handler that answers
// JSON for the API and an HTML page otherwise, logging 5xx with a request id and never leaking a stack.
import { Elysia } from "elysia";
import { renderErrorPage } from "../ui/error-page";
import { isApiRequest } from "./negotiate";
import { SECURITY_HEADERS } from "./security-headers";
import { log } from "../log";

export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function errorResponse(
  request: Request,
  status: number,
  message: string,
  details?: Record<string, unknown>,
  extraHeaders?: Record<string, string>,
): Response {
  const headers: Record<string, string> = { ...SECURITY_HEADERS, "cache-control": "no-store", ...extraHeaders };
  if (isApiRequest(request)) {
    headers["content-type"] = "application/json";
    return new Response(JSON.stringify({ error: message, status, ...details }), { status, headers });
  }
  headers["content-type"] = "text/html; charset=utf-8";
  return new Response(renderErrorPage(status, message), { status, headers });
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

export const errorHandling = new Elysia({ name: "error-handling" })
  .error({ HttpError })
  .onError({ as: "global" }, ({ code, error, request }) => {
    if (error instanceof HttpError) return errorResponse(request, error.status, error.message, error.details, error.headers);
    switch (code) {
      case "NOT_FOUND":
        return errorResponse(request, 404, "We couldn’t find that page.");
      case "VALIDATION":
        return errorResponse(request, 400, describeValidation(error as { customError?: unknown; all?: ValidationIssue[] }));
      case "PARSE":
        return errorResponse(request, 400, "The request body could not be parsed");
      case "INVALID_COOKIE_SIGNATURE":
        return errorResponse(request, 400, "Invalid cookie");
    }
    if (typeof (error as { status?: unknown }).status === "number") {
      const status = (error as { status: number }).status;
      if (status >= 400 && status < 500) return errorResponse(request, status, (error as Error).message || "Bad request");
    }
    const requestId = crypto.randomUUID();
    log.error(`[${requestId}] ${request.method} ${new URL(request.url).pathname} failed:`, error);
    return errorResponse(request, 500, `An unexpected error occurred (request ${requestId}).`);
  });
