// createApp(deps) builds the whole Elysia app without listening; src/index.ts listens, tests call app.handle.
import { Elysia, type AnyElysia } from "elysia";
import { galleryFeature } from "./features/gallery";
import { compareFeature } from "./features/compare";
import { imagesFeature } from "./features/images";
import { progressFeature } from "./features/progress";
import { authFeature } from "./features/auth";
import { billingFeature } from "./features/billing";
import { studioFeature } from "./features/studio";
import { adminFeature } from "./features/admin";
import { libraryFeature } from "./features/library";
import { collectionsFeature } from "./features/collections";
import { apiKeysFeature } from "./features/api-keys";
import { webhookSettlementStep } from "./features/webhooks/events";
import { rejectCrossSiteRequest } from "./http/origin-check";
import { admitKeyRequest, keyHolderOf } from "./features/api-keys/bearer";
import { createRateLimiter } from "./http/rate-limit";
import { systemFeature } from "./features/system";
import { metricsFeature } from "./features/system/metrics";
import { docsFeature, type OpenApiDocument } from "./features/system/docs";
import { openApiFeature } from "./features/system/openapi";
import { errorHandling } from "./http/errors";
import { allowImagesFrom, SECURITY_HEADERS, transportHeaders, withSecurityHeaders } from "./http/security-headers";
import { compressOnTheFly } from "./http/compression";
import { moveSetHeaders } from "./http/set-headers";
import { createResponseCache, type ResponseCache } from "./http/response-cache";
import { setupPlugin } from "./http/setup";
import { requestLogging } from "./http/request-log";
import type { Config } from "./config";
import { setSiteOrigin } from "./ui/site-origin";
import type { Data } from "./db/data";
import { galleryVersionSource } from "./http/gallery-version-source";
import { queueSettings, type GenerationEngine } from "./generation/engine";
import { createRenderQueue } from "./generation/queue";
import { refundStep } from "./features/billing/ledger";
import { createImageStore } from "./storage";
import { createStripeServices } from "./features/billing/stripe-services";

export interface AppDeps {
  config: Config;
  /** bun:sqlite or PostgreSQL (src/db/open-data.ts). */
  data: Data;
  /** Absent in tests that only read; routes that queue work then leave it for another process's pool. */
  engine?: GenerationEngine;
  /** Given by whoever also answers its hits before routing (early-cache-hits.ts), so both read one cache. */
  cache?: ResponseCache;
}

export function createApp(deps: AppDeps) {
  setSiteOrigin(deps.config.baseUrl);
  allowImagesFrom(createImageStore(deps.config.storage).redirectOrigin);
  const setup = setupPlugin({ ...deps, cache: deps.cache ?? createResponseCache(galleryVersionSource(deps.data), deps.config), limiter: createRateLimiter() });
  // A web-only process (or a test) has no engine but still changes render state, e.g. cancelling a run.
  const queue = deps.engine?.queue ?? createRenderQueue(deps.data, queueSettings(deps.config), refundStep);
  // One Stripe client and balance mirror for the webhook and an admin's adjustments alike.
  const stripe = createStripeServices(deps.config);
  queue.addSettlementListener(webhookSettlementStep(deps.config));
  // The error policy reads which routes answer JSON once they are all registered (on the first error).
  const transport = transportHeaders(deps.config);
  let described: AnyElysia = new Elysia();
  let registeredRoutes: () => readonly { method: string; path: string; hooks: { detail?: unknown } }[] = () => [];
  const app = new Elysia()
    .use(requestLogging())
    .use(errorHandling(() => registeredRoutes()))
    .onRequest(async ({ request, set }) => {
      Object.assign(set.headers, transport);
      return (await admitKeyRequest(request, deps.data)) ?? rejectCrossSiteRequest(request, deps.config, keyHolderOf(request) !== undefined);
    })
    // Cached pages carry the security headers already; everything else gets them here.
    .onAfterHandle({ as: "global" }, ({ response, set }) => {
      if (response instanceof Response) {
        if (!response.headers.has("content-security-policy")) withSecurityHeaders(response);
      } else {
        Object.assign(set.headers, SECURITY_HEADERS);
      }
    })
    // Pages built per request (account, studio, run pages) are compressed here; cached ones come encoded already.
    .mapResponse({ as: "global" }, ({ responseValue, request, set }) => {
      if (!(responseValue instanceof Response)) return;
      moveSetHeaders(responseValue, set.headers);
      if (responseValue.body !== null) return compressOnTheFly(request, responseValue);
    })
    .use(openApiFeature(() => described))
    .use(galleryFeature(setup, deps.config))
    .use(compareFeature(setup, deps.config))
    .use(imagesFeature(setup, deps.config))
    .use(progressFeature(setup, deps.config))
    .use(authFeature(setup, deps.config))
    .use(billingFeature(setup, deps.config, stripe))
    .use(studioFeature(setup, deps.config, queue, deps.engine))
    .use(libraryFeature(setup, deps.config))
    .use(collectionsFeature(setup, deps.config))
    .use(metricsFeature(setup, deps.config))
    .use(adminFeature(setup, deps.config, { queue, engine: deps.engine, stripe }))
    .use(apiKeysFeature(setup, deps.config))
    .use(systemFeature(setup, deps.config, deps.engine));
  registeredRoutes = () => app.routes as never;
  described = app;
  const readSpec = async (request: Request) =>
    (await (await app.handle(new Request(new URL("/docs/json", request.url)))).json()) as OpenApiDocument;
  return app.use(docsFeature(readSpec));
}

export type App = ReturnType<typeof createApp>;
