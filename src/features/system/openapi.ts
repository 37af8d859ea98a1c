// GET /docs/json: the OpenAPI description, generated from the routes' schemas by @elysiajs/openapi, with each
// request body's media types filled in (the generator leaves them out of routes that read their own body).
import { toOpenAPISchema } from "@elysiajs/openapi";
import { Elysia, type AnyElysia } from "elysia";
import { BODY_MEDIA_TYPES_KEY } from "../../http/body-limit";

const OPENAPI_VERSION = "3.1.2";
const INFO = {
  title: "AI Gallery API",
  version: "1.0.0",
  description: "Public gallery of AI images organised as a style matrix. JSON endpoints; pages are HTML.",
};

interface Operation {
  requestBody?: { content?: Record<string, unknown> };
  [BODY_MEDIA_TYPES_KEY]?: string[];
}

/** The document for every route registered on `app` (and the instances it shares a router with). */
export function describeApi(app: AnyElysia) {
  const { paths, components } = toOpenAPISchema(app, undefined, undefined, undefined, OPENAPI_VERSION) as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: unknown };
  };
  for (const route of app.routes) {
    const operation = paths[route.path.replace(/:([^/]+)/g, "{$1}")]?.[route.method.toLowerCase()];
    const body = (route.hooks as { body?: unknown }).body;
    const mediaTypes = operation?.[BODY_MEDIA_TYPES_KEY];
    if (!operation?.requestBody || !body || !mediaTypes) continue;
    // A TypeBox schema is JSON Schema; the round trip drops its symbol keys.
    const schema = JSON.parse(JSON.stringify(body));
    operation.requestBody.content = Object.fromEntries(mediaTypes.map((type) => [type, { schema }]));
  }
  return { openapi: OPENAPI_VERSION, info: INFO, paths, components };
}

/** `app` is read when the description is first asked for, once every route is registered. */
export function openApiFeature(app: () => AnyElysia) {
  let described: { routes: number; document: ReturnType<typeof describeApi> } | undefined;
  return new Elysia({ name: "openapi" }).get(
    "/docs/json",
    () => {
      const routes = app().routes.length;
      if (described?.routes !== routes) described = { routes, document: describeApi(app()) };
      return described.document;
    },
    { detail: { hide: true } },
  );
}
