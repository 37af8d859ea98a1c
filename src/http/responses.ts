// What a JSON route answers, for its `response` option: its success bodies and, in the error policy's shape
// ({ error, status, ...details }), the errors it can give. Elysia checks the bodies a handler returns against
// them, and the OpenAPI description at /docs/json lists them, so clients can generate types from it.
import { Type } from "@sinclair/typebox";
import { t, type DocumentDecoration, type TSchema } from "elysia";

/** A whole number in a body: TypeBox's own, since Elysia's t.Integer also takes numeric strings (made for query strings). */
export const integer = Type.Integer;

const ERROR_MEANINGS = {
  400: "The request is not valid: the message names the field and says why",
  401: "Not signed in, or the API key is unknown or revoked",
  402: "Not enough credits: `balance` and `cost` say how many you have and need",
  403: "Refused: a cross-site request, a route API keys cannot call, or a key without the scope it needs (`required_scope`)",
  404: "Nothing by that id that you may see",
  408: "The request body took too long to arrive",
  409: "A limit is reached (a collection holds a bounded number of renders)",
  413: "The request body (or the file) is larger than this route takes",
  415: "The body is not JSON, a form or multipart form data",
  429: "Too many requests: `retry_after` says in how many seconds to try again (also the Retry-After header)",
  500: "An unexpected error; the message carries a request id to report",
  502: "A service this depends on (the payment provider) could not be reached: try again in a moment",
  503: "Not available here (not configured)",
} as const;

export type ErrorStatus = keyof typeof ERROR_MEANINGS;

const DETAILS: Partial<Record<ErrorStatus, Record<string, TSchema>>> = {
  402: { balance: integer({ description: "Credits you have" }), cost: integer({ description: "Credits this costs" }) },
  403: { required_scope: t.Optional(t.UnionEnum(["read", "generate"], { description: "The scope the key lacks" })) },
  429: { retry_after: integer({ description: "Seconds to wait" }) },
};

/** The body of an error answer with this status. */
export function errorBody<S extends ErrorStatus>(status: S) {
  return t.Object(
    { error: t.String({ description: "What went wrong, in words a person can act on" }), status: t.Literal(status), ...DETAILS[status] },
    { description: ERROR_MEANINGS[status] },
  );
}

/** What any route that reads a body may answer: a bad body, a cross-site post, a slow, large or unknown-type body. */
export const BODY_ERRORS = [400, 403, 408, 413, 415] as const;

type ErrorBodies<E extends ErrorStatus> = { [S in E | 500]: ReturnType<typeof errorBody<S>> };

/** A route's `response` option: its success bodies by status, the errors it gives, and 500, which any route may. */
export function jsonAnswers<S extends Record<number, TSchema>, E extends ErrorStatus>(success: S, errors: readonly E[]): S & ErrorBodies<E> {
  const bodies: Record<number, TSchema> = { ...success };
  for (const status of [...errors, 500 as const]) bodies[status] = errorBody(status);
  return bodies as S & ErrorBodies<E>;
}

type ResponsesObject = NonNullable<DocumentDecoration["responses"]>;

function errorResponses(errors: readonly ErrorStatus[]): ResponsesObject {
  const responses: ResponsesObject = {};
  for (const status of [...errors, 500 as const]) {
    responses[status] = { description: ERROR_MEANINGS[status], content: { "application/json": { schema: errorBody(status) } } };
  }
  return responses;
}

/** For a route only forms post to: its OpenAPI responses, put in the route's `detail` (a redirect has no body). */
export function formRedirectAnswers(errors: readonly ErrorStatus[]): ResponsesObject {
  return { 303: { description: "Done: redirected to the page that shows the result" }, ...errorResponses(errors) };
}

/**
 * For a server-sent event stream, which no JSON schema describes: its OpenAPI responses, put in the route's
 * `detail` (Elysia would describe a string schema as text/plain), with the errors as JSON.
 */
export function eventStreamAnswers(description: string, errors: readonly ErrorStatus[]): ResponsesObject {
  return { 200: { description, content: { "text/event-stream": { schema: t.String({ description }) } } }, ...errorResponses(errors) };
}
